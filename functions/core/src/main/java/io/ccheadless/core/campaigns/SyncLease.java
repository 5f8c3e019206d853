package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to run the sync of one tenant until {@code until} (the invocation's deadline). Separate from the
 * token lease: a sync holds it for its whole run, while the token lease covers one redemption. {@code fence}
 * is fresh for every acquisition, so a checkpoint or commit conditioned on it fails once anybody took over.
 */
public record SyncLease(String owner, String fence, Instant until) {
    public SyncLease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(until, "until");
    }
}
