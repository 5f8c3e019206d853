package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an unfinished pass over the summaries stopped, so the next invocation continues it instead of starting
 * over. Everything newer than {@code processedDownTo} is already stored and announced.
 *
 * @param runStartedAt    when the pass began (its windows are measured from here)
 * @param sendCutoff      sends before this are not "recent" (run start minus the look-back window)
 * @param floor           the pass ends at the first summary sent before this
 * @param sweep           whether the pass refreshes the stats of the whole stats window
 * @param nextHref        the summaries page to read next ({@code _links.next.href} or the first page)
 * @param processedDownTo the oldest send on the last page fully applied; null before the first
 * @param runNewest       the newest send the pass saw (becomes the watermark when it completes)
 * @param reason          why the pass stopped (deadline, budget, failure)
 */
public record SyncCheckpoint(Instant runStartedAt, Instant sendCutoff, Instant floor, boolean sweep, String nextHref,
                             Instant processedDownTo, Instant runNewest, Instant savedAt, String reason) {
    public SyncCheckpoint {
        Objects.requireNonNull(runStartedAt, "runStartedAt");
        Objects.requireNonNull(sendCutoff, "sendCutoff");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(nextHref, "nextHref");
        Objects.requireNonNull(savedAt, "savedAt");
        Objects.requireNonNull(reason, "reason");
        if (!nextHref.startsWith("/v3/")) {
            throw new IllegalArgumentException("a checkpoint continues at a /v3/ link");
        }
    }
}
