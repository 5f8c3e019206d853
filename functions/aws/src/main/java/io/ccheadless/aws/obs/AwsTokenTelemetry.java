package io.ccheadless.aws.obs;

import io.ccheadless.core.json.Json;
import io.ccheadless.core.token.TokenTelemetry;
import io.ccheadless.core.token.TokenUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Invariant 12 in AWS: the log lines of the wrapped telemetry, plus EMF metrics (Refreshes, LostRaces,
 * Waits, WaitMs, TransientFailures, ReauthRequired) and, when re-authorization is needed, a
 * "Reauthorization Required" event on the stack's bus naming the operator command.
 */
public final class AwsTokenTelemetry implements TokenTelemetry {
    public static final String REAUTH_DETAIL_TYPE = "Reauthorization Required";

    private final TokenTelemetry logs;
    private final EmfMetrics metrics;
    private final EventBridgeClient events;
    private final String busName;

    public AwsTokenTelemetry(TokenTelemetry logs, EmfMetrics metrics, EventBridgeClient events, String busName) {
        this.logs = Objects.requireNonNull(logs, "logs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    @Override
    public void redeemed(String tenant, long fromGeneration, String fence, String outcome) {
        logs.redeemed(tenant, fromGeneration, fence, outcome);
        metrics.put(tenant, "Refreshes", 1, "Count");
    }

    @Override
    public void lostRace(String tenant, long generationSeen, long generationNow) {
        logs.lostRace(tenant, generationSeen, generationNow);
        metrics.put(tenant, "LostRaces", 1, "Count");
    }

    @Override
    public void waited(String tenant, Duration waited) {
        logs.waited(tenant, waited);
        metrics.put(tenant, "WaitMs", waited.toMillis(), "Milliseconds");
    }

    @Override
    public void reauthRequired(String tenant, long generation, String diagnosis) {
        logs.reauthRequired(tenant, generation, diagnosis);
        metrics.put(tenant, "ReauthRequired", 1, "Count");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tenant", tenant);
        d.put("generation", generation);
        d.put("diagnosis", diagnosis);
        d.put("operator_action", TokenUnavailableException.authorizeCommand(tenant));
        try {
            events.putEvents(b -> b.entries(e -> e.eventBusName(busName).source("cc-headless")
                    .detailType(REAUTH_DETAIL_TYPE).detail(Json.write(d))));
        } catch (SdkException e) {
            // The metric and the log line already carry the alert; never let the alert path hide the real failure.
            logs.transientFailure(tenant, generation, "could not publish the re-authorization event: " + e.getClass().getSimpleName(), 1);
        }
    }

    @Override
    public void transientFailure(String tenant, long generation, String error, int attempt) {
        logs.transientFailure(tenant, generation, error, attempt);
        metrics.put(tenant, "TransientFailures", 1, "Count");
    }
}
