package io.ccheadless.core.token;

/** What the token protocol reports (logs, metrics, alert events). Never receives a token. */
public interface TokenTelemetry {
    void redeemed(String tenant, long fromGeneration, String fence, String outcome);

    void lostRace(String tenant, long generationSeen, long generationNow);

    void waited(String tenant, java.time.Duration waited);

    void reauthRequired(String tenant, long generation, String diagnosis);

    void transientFailure(String tenant, long generation, String error, int attempt);
}
