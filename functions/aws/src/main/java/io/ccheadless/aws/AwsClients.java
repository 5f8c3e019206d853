package io.ccheadless.aws;

import io.ccheadless.aws.config.Settings;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;

/**
 * The SDK clients, built once per container: region set explicitly, one HTTP client implementation
 * (URLConnection), and {@code AWS_ENDPOINT_URL} honoured for moto or LocalStack.
 */
public record AwsClients(DynamoDbClient dynamo, SecretsManagerClient secrets, EventBridgeClient events) implements AutoCloseable {

    public static AwsClients create(Settings s) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        Region region = Region.of(s.region());
        URI endpoint = s.endpointOverride() == null ? null : URI.create(s.endpointOverride());
        var dynamo = DynamoDbClient.builder().region(region).httpClient(http);
        var secrets = SecretsManagerClient.builder().region(region).httpClient(http);
        var events = EventBridgeClient.builder().region(region).httpClient(http);
        if (endpoint != null) {
            dynamo.endpointOverride(endpoint);
            secrets.endpointOverride(endpoint);
            events.endpointOverride(endpoint);
        }
        return new AwsClients(dynamo.build(), secrets.build(), events.build());
    }

    @Override
    public void close() {
        dynamo.close();
        secrets.close();
        events.close();
    }
}
