package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The DynamoDB pointer item of one tenant: which token-set version is current and who may redeem.
 * Generation 0 means "never connected" (the item may exist only because somebody took the lease).
 *
 * @param chain the id of the authorization this generation descends from ({@link VersionIds}); {@code null}
 *              for a chain stored before chain ids existed
 */
public record TokenPointer(String tenant, long generation, String versionId, Instant accessTokenExpiresAt,
                           Instant refreshTokenIssuedAt, ConnectionStatus status, Lease lease,
                           RedemptionIntent intent, String lastOutcome, String chain) {
    public TokenPointer {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        if (generation < 0) {
            throw new IllegalArgumentException("generation < 0");
        }
        if (generation > 0) {
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
            Objects.requireNonNull(refreshTokenIssuedAt, "refreshTokenIssuedAt");
        }
    }

    public boolean connected() {
        return generation > 0;
    }

    /** The same pointer with another lease. */
    public TokenPointer withLease(Lease l) {
        return new TokenPointer(tenant, generation, versionId, accessTokenExpiresAt, refreshTokenIssuedAt, status, l, intent,
                lastOutcome, chain);
    }

    /** The same pointer with another intent. */
    public TokenPointer withIntent(RedemptionIntent i) {
        return new TokenPointer(tenant, generation, versionId, accessTokenExpiresAt, refreshTokenIssuedAt, status, lease, i,
                lastOutcome, chain);
    }

    /**
     * The committed part of the next generation, as {@link PointerStore#commit} writes it.
     *
     * @param chain the chain the generation belongs to: the pointer's own for a refresh, a new one for an authorization
     */
    public record Next(long generation, String versionId, Instant accessTokenExpiresAt, Instant refreshTokenIssuedAt,
                       String outcome, String chain) {
        public Next {
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
            Objects.requireNonNull(refreshTokenIssuedAt, "refreshTokenIssuedAt");
            Objects.requireNonNull(outcome, "outcome");
            if (generation < 1) {
                throw new IllegalArgumentException("next generation must be >= 1");
            }
        }
    }
}
