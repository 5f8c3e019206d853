package io.ccheadless.aws;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.token.TokenPolicy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SDK clients, built once per container: region set explicitly, one HTTP client implementation
 * (URLConnection), {@code AWS_ENDPOINT_URL} honoured for moto or LocalStack, and every call bounded in total
 * ({@link #callTimeout()}: the SDK's own retries included), so the token protocol can derive its lease from it
 * (docs/token-lifecycle.md, "Time bounds"). {@link #clockCheck()} watches the {@code Date} of every answer.
 * {@link #http()} and {@link #override()} are what the clients were built with, for a client only some functions
 * need ({@link #sqs(Settings)}): one HTTP client, and so one TLS context, per container.
 */
public record AwsClients(DynamoDbClient dynamo, SecretsManagerClient secrets, EventBridgeClient events,
                         Duration callTimeout, AwsClockCheck clockCheck, SdkHttpClient http,
                         ClientOverrideConfiguration override) implements AutoCloseable {

    /** One attempt: connect, send, answer. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    public AwsClients {
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(clockCheck, "clockCheck");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(override, "override");
    }

    public static AwsClients create(Settings s) {
        return create(s, TokenPolicy.DEFAULT_BOUNDS.storeCall(), List.of());
    }

    /**
     * @param callTimeout  the total bound of one call, retries included (the protocol's store-call bound)
     * @param interceptors added to every client after ours (tests inject faults through them)
     */
    public static AwsClients create(Settings s, Duration callTimeout, List<ExecutionInterceptor> interceptors) {
        Duration attempt = callTimeout.compareTo(ATTEMPT_TIMEOUT) < 0 ? callTimeout : ATTEMPT_TIMEOUT;
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(attempt)
                .socketTimeout(attempt)
                .build();
        AwsClockCheck clockCheck = new AwsClockCheck(Clock.systemUTC());
        List<ExecutionInterceptor> all = new ArrayList<>();
        all.add(clockCheck);
        all.addAll(interceptors);
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(attempt)
                .executionInterceptors(all)
                .build();
        Region region = Region.of(s.region());
        URI endpoint = s.endpointOverride() == null ? null : URI.create(s.endpointOverride());
        var dynamo = DynamoDbClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var secrets = SecretsManagerClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var events = EventBridgeClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        if (endpoint != null) {
            dynamo.endpointOverride(endpoint);
            secrets.endpointOverride(endpoint);
            events.endpointOverride(endpoint);
        }
        return new AwsClients(dynamo.build(), secrets.build(), events.build(), callTimeout, clockCheck, http, override);
    }

    /**
     * The dispatcher's SQS client, over these clients' HTTP client and with their bounds and interceptors (the
     * clock check included), region and endpoint; the caller closes it.
     */
    public SqsClient sqs(Settings s) {
        return sqsBuilder(s, http, override).build();
    }

    /**
     * A stand-alone SQS client with the region, endpoint and bounds of {@code s} and its own HTTP client, for tests and
     * benchmarks that have no {@code AwsClients} to share (the dispatcher's comes from {@link #sqs(Settings)}); the
     * caller closes it.
     */
    public static SqsClient sqs(Settings s, Duration callTimeout) {
        return sqs(s, callTimeout, List.of());
    }

    /** The same, with {@code interceptors} (tests inject faults through them). */
    public static SqsClient sqs(Settings s, Duration callTimeout, List<ExecutionInterceptor> interceptors) {
        Duration attempt = callTimeout.compareTo(ATTEMPT_TIMEOUT) < 0 ? callTimeout : ATTEMPT_TIMEOUT;
        return sqsBuilder(s, UrlConnectionHttpClient.builder().connectionTimeout(attempt).socketTimeout(attempt).build(),
                ClientOverrideConfiguration.builder().apiCallTimeout(callTimeout).apiCallAttemptTimeout(attempt)
                        .executionInterceptors(List.copyOf(interceptors)).build()).build();
    }

    private static SqsClientBuilder sqsBuilder(Settings s, SdkHttpClient http, ClientOverrideConfiguration override) {
        var b = SqsClient.builder().region(Region.of(s.region())).httpClient(http).overrideConfiguration(override);
        if (s.endpointOverride() != null) {
            b.endpointOverride(URI.create(s.endpointOverride()));
        }
        return b;
    }

    @Override
    public void close() {
        dynamo.close();
        secrets.close();
        events.close();
    }
}
