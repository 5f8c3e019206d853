package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * A campaign as the sync keeps it: the stored values plus which send was last announced.
 *
 * @param announcedSentAt the newest send already announced (or given up on, at most once), null when none was:
 *                        the campaign's send is still to be announced
 */
public record StoredCampaign(SentCampaign campaign, Instant announcedSentAt) {
    public StoredCampaign {
        Objects.requireNonNull(campaign, "campaign");
    }

    /** True while the campaign's latest send has not been announced. */
    public boolean announcementPending() {
        return announcedSentAt == null || announcedSentAt.isBefore(campaign.lastSentAt());
    }

    public String campaignId() {
        return campaign.campaignId();
    }

    public Instant lastSentAt() {
        return campaign.lastSentAt();
    }

    public StoredCampaign announcedUpTo(Instant sentAt) {
        return new StoredCampaign(campaign, sentAt);
    }

    public StoredCampaign with(SentCampaign updated) {
        return new StoredCampaign(updated, announcedSentAt);
    }
}
