package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to redeem a tenant's refresh token until {@code until}. {@code fence} is fresh for every
 * acquisition, so a renewal, release or write conditioned on it fails once anybody else took over.
 */
public record Lease(String owner, String fence, Instant until) {
    public Lease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(until, "until");
    }

    public boolean expiredAt(Instant now) {
        return !until.isAfter(now);
    }
}
