package io.ccheadless.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The floor of the cold-start benchmark: what any function of this stack must at least do. It builds the
 * same three SDK clients as {@code AwsClients.create} (region set, one URLConnection HTTP client, the same
 * timeouts, {@code AWS_ENDPOINT_URL} honoured) and each invocation makes the first calls every function makes
 * (one consistent GetItem of the tenant's pointer, one GetSecretValue of its token secret), nothing else.
 * With {@code FLOOR_PRIME=true} the constructor makes the same two calls once, during init (the primed floor).
 */
public final class FloorHandler implements RequestStreamHandler {
    private static final Duration CALL = Duration.ofSeconds(5);
    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final DynamoDbClient dynamo;
    private final SecretsManagerClient secrets;
    private final EventBridgeClient events;
    private final String table;
    private final String secretId;
    private final String tenant;

    public FloorHandler() {
        this(System.getenv());
    }

    FloorHandler(Map<String, String> env) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(ATTEMPT).socketTimeout(ATTEMPT).build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL).apiCallAttemptTimeout(ATTEMPT).build();
        Region region = Region.of(env.get("AWS_REGION"));
        String endpoint = env.get("AWS_ENDPOINT_URL");
        var d = DynamoDbClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var s = SecretsManagerClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var e = EventBridgeClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        if (endpoint != null && !endpoint.isBlank()) {
            d.endpointOverride(URI.create(endpoint));
            s.endpointOverride(URI.create(endpoint));
            e.endpointOverride(URI.create(endpoint));
        }
        this.dynamo = d.build();
        this.secrets = s.build();
        this.events = e.build();
        this.table = env.get("STATE_TABLE");
        this.tenant = env.getOrDefault("DEFAULT_TENANT", "default");
        this.secretId = env.get("TOKEN_SECRET_PREFIX") + tenant;
        if ("true".equals(env.get("FLOOR_PRIME"))) {
            firstCalls();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        int found = firstCalls();
        output.write(("{\"tenant\":\"" + tenant + "\",\"pointer_attributes\":" + found + ",\"events_client\":\""
                + events.serviceClientConfiguration().region() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** One GetItem, one GetSecretValue; answers how many attributes the pointer item has (the secret is not kept). */
    private int firstCalls() {
        int attributes = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("tenant#" + tenant)))).item().size();
        secrets.getSecretValue(b -> b.secretId(secretId)).versionId();
        return attributes;
    }
}
