package io.ccheadless.core.tenants;

import io.ccheadless.core.token.ConnectionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One connected tenant as the registry lists it: no token, no secret.
 *
 * @param refreshTokenIssuedAt when the chain's current refresh token was issued (null before the first authorization)
 * @param lastSyncAt           when its last sync completed (null if none has)
 */
public record TenantEntry(String tenant, ConnectionStatus status, long generation, Instant refreshTokenIssuedAt,
                          Instant lastSyncAt) {
    public TenantEntry {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
    }

    /** Connected (a token set stored) and not waiting for an operator: the dispatcher syncs it. */
    public boolean syncable() {
        return generation > 0 && status == ConnectionStatus.ACTIVE;
    }

    /** Age of the current refresh token, or null before the first authorization. */
    public Duration tokenAge(Instant now) {
        return refreshTokenIssuedAt == null ? null : Duration.between(refreshTokenIssuedAt, now);
    }
}
