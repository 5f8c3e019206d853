package io.ccheadless.core.token;

import io.ccheadless.core.obs.Log;

import java.time.Duration;
import java.util.Objects;

/** Telemetry as structured log lines; the AWS side adds metrics and alert events on top. */
public final class LoggingTokenTelemetry implements TokenTelemetry {
    private final Log log;

    public LoggingTokenTelemetry(Log log) {
        this.log = Objects.requireNonNull(log, "log").named("token");
    }

    @Override
    public void redeemed(String tenant, long fromGeneration, String fence, String outcome) {
        log.info("token generation redeemed", "tenant", tenant, "generation_redeemed", fromGeneration,
                "lease_fence", fence, "outcome", outcome);
    }

    @Override
    public void lostRace(String tenant, long generationSeen, long generationNow) {
        log.info("another holder refreshed first", "tenant", tenant, "generation_seen", generationSeen,
                "generation_now", generationNow);
    }

    @Override
    public void waited(String tenant, Duration waited) {
        log.info("waited for the lease holder", "tenant", tenant, "waited_ms", waited.toMillis());
    }

    @Override
    public void reauthRequired(String tenant, long generation, String diagnosis) {
        log.error("re-authorization required", "tenant", tenant, "generation", generation, "diagnosis", diagnosis,
                "operator_action", TokenUnavailableException.authorizeCommand(tenant));
    }

    @Override
    public void transientFailure(String tenant, long generation, String error, int attempt) {
        log.warn("transient token failure", "tenant", tenant, "generation", generation, "error", error, "attempt", attempt);
    }
}
