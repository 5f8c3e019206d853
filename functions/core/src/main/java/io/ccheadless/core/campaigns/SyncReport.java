package io.ccheadless.core.campaigns;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one sync invocation did.
 *
 * @param campaignsSeen    summaries read that fall inside the look-back window
 * @param campaignsWritten campaign items written
 * @param newlySent        "Campaign Sent" events published
 * @param eventsUncertain  events whose publication outcome is unknown (counted as published: at most once)
 * @param eventsDeferred   events the bus refused; their campaigns stay pending for the next run
 * @param ccRequests       HTTP requests sent to CC (retries included)
 * @param throttledAt      when CC answered 429
 * @param watermark        the watermark after the invocation (null before the first complete pass)
 * @param detail           a sentence for the log when the run stopped early
 * @param campaigns        stored campaigns sent inside the look-back window, newest first
 */
public record SyncReport(String tenant, Outcome outcome, int campaignsSeen, int campaignsWritten, int newlySent,
                         int eventsUncertain, int eventsDeferred, int ccRequests, List<Instant> throttledAt,
                         Duration duration, Instant watermark, String detail, List<SentCampaign> campaigns) {
    public enum Outcome {
        /** Every pass the invocation began reached its end; the watermark moved to the newest stored send. */
        COMPLETED,
        /** Stopped before the deadline; the checkpoint says where the next invocation continues. */
        CHECKPOINTED,
        /** Today's request budget is spent; the checkpoint says where the run continues after 00:00 UTC. */
        BUDGET_EXHAUSTED,
        /** Another sync of this tenant holds the sync lease; nothing was done. */
        LEASE_HELD
    }

    public SyncReport {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(outcome, "outcome");
        throttledAt = List.copyOf(throttledAt);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(detail, "detail");
        campaigns = List.copyOf(campaigns);
    }

    public int throttled() {
        return throttledAt.size();
    }
}
