package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The DynamoDB pointer item of one tenant: which token-set version is current and who may redeem.
 * Generation 0 means "never connected" (the item may exist only because somebody took the lease).
 */
public record TokenPointer(String tenant, long generation, String versionId, Instant accessTokenExpiresAt,
                           Instant refreshTokenIssuedAt, ConnectionStatus status, Lease lease,
                           RedemptionIntent intent, String lastOutcome) {
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

    /** The committed part of the next generation, as {@link PointerStore#commit} writes it. */
    public record Next(long generation, String versionId, Instant accessTokenExpiresAt, Instant refreshTokenIssuedAt,
                       String outcome) {
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
