package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * One sent campaign of one tenant, with its latest stats: what the sync stores and announces.
 *
 * @param report CC's stats report for it (totals, device split), null until a stats sweep read it
 */
public record SentCampaign(String tenant, String campaignId, String name, String status, String campaignType,
                           Instant lastSentAt, CampaignStats stats, Instant syncedAt, CampaignReport report) {
    public SentCampaign(String tenant, String campaignId, String name, String status, String campaignType,
                        Instant lastSentAt, CampaignStats stats, Instant syncedAt) {
        this(tenant, campaignId, name, status, campaignType, lastSentAt, stats, syncedAt, null);
    }

    public SentCampaign {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(campaignType, "campaignType");
        Objects.requireNonNull(lastSentAt, "lastSentAt");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(syncedAt, "syncedAt");
    }

    /** The same campaign with the name, status and type CC now gives. */
    public SentCampaign withDetails(String name, String status, String campaignType) {
        return new SentCampaign(tenant, campaignId, name, status, campaignType, lastSentAt, stats, syncedAt, report);
    }

    /** The same campaign with these stats, synced at {@code now}. */
    public SentCampaign withStats(CampaignStats stats, Instant now) {
        return new SentCampaign(tenant, campaignId, name, status, campaignType, lastSentAt, stats, now, report);
    }

    /** The same campaign last sent at {@code lastSentAt}, with these stats, synced at {@code now}. */
    public SentCampaign withSend(Instant lastSentAt, CampaignStats stats, Instant now) {
        return new SentCampaign(tenant, campaignId, name, status, campaignType, lastSentAt, stats, now, report);
    }

    /** The same campaign with CC's stats report, synced at {@code now}. */
    public SentCampaign withReport(CampaignReport report, Instant now) {
        return new SentCampaign(tenant, campaignId, name, status, campaignType, lastSentAt, stats, now, report);
    }

    /** Same campaign content, ignoring when it was synced: a repeated run writes nothing. */
    public boolean sameAs(SentCampaign o) {
        return o != null && campaignId.equals(o.campaignId) && name.equals(o.name) && status.equals(o.status)
                && campaignType.equals(o.campaignType) && lastSentAt.equals(o.lastSentAt) && stats.equals(o.stats)
                && java.util.Objects.equals(report, o.report);
    }
}
