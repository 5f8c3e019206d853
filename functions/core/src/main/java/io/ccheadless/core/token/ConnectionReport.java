package io.ccheadless.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's connection as operators and other services may see it: no token, no secret.
 *
 * @param lastRedeemedAt when the current token set was received from CC (its refresh token was last used
 *                       then: CC's 180-day idle clock restarts at each use)
 * @param account        the CC account's {@code encoded_account_id} recorded when the chain was connected; {@code null}
 *                       for a chain connected before it was recorded
 */
public record ConnectionReport(String tenant, ConnectionStatus status, long generation, Instant accessTokenExpiresAt,
                               Instant refreshTokenIssuedAt, Instant lastRedeemedAt, String lastOutcome, String account) {
    public ConnectionReport {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(refreshTokenIssuedAt, "refreshTokenIssuedAt");
        Objects.requireNonNull(lastRedeemedAt, "lastRedeemedAt");
    }

    public Duration refreshTokenAge(Instant now) {
        return Duration.between(refreshTokenIssuedAt, now);
    }

    public Duration idle(Instant now) {
        return Duration.between(lastRedeemedAt, now);
    }
}
