package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.List;

/** Stored campaigns (DynamoDB in production): one item per tenant and campaign, upserted idempotently. */
public interface CampaignStore {
    /** Campaigns of {@code tenant} last sent in [from, to), newest first, without a scan. */
    List<SentCampaign> sentBetween(String tenant, Instant from, Instant to);

    /** Inserts or replaces each campaign's item. Writing the same campaign twice leaves one item. */
    void upsert(List<SentCampaign> campaigns);
}
