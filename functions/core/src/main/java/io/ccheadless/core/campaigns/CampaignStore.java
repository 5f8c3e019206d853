package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.List;

/** Stored campaigns (DynamoDB in production): one item per tenant and campaign, upserted idempotently. */
public interface CampaignStore {
    /** Campaigns of {@code tenant} last sent in [from, to), newest first, without a scan. */
    List<SentCampaign> sentBetween(String tenant, Instant from, Instant to);

    /** One page of {@link #sentBetween}: at most {@code limit} campaigns after {@code cursor} (null: from the newest). */
    CampaignPage sentBetween(String tenant, Instant from, Instant to, int limit, String cursor);

    /** What the sync compares against: every campaign of {@code tenant} last sent at or after {@code from}. */
    List<StoredCampaign> syncedSince(String tenant, Instant from);

    /** Inserts or replaces each campaign's item. Writing the same campaign twice leaves one item. */
    void upsert(List<StoredCampaign> campaigns);

    /**
     * @param nextCursor opaque; null on the last page
     */
    record CampaignPage(List<SentCampaign> campaigns, String nextCursor) {
        public CampaignPage {
            campaigns = List.copyOf(campaigns);
        }
    }

    /** A cursor handed back that this store did not make. */
    final class BadCursorException extends IllegalArgumentException {
        public BadCursorException(String message) {
            super(message);
        }
    }
}
