package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * One send of one campaign, as announced by one "Campaign Sent" event.
 *
 * @param sentAt when this send ran: the campaign's last send, or for a re-send found in the send history its
 *               exact run date
 */
public record CampaignSend(SentCampaign campaign, Instant sentAt) {
    public CampaignSend {
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** The same for every attempt to announce this send: consumers may deduplicate on it. */
    public String eventId() {
        return campaign.tenant() + "/" + campaign.campaignId() + "/" + sentAt.toEpochMilli();
    }
}
