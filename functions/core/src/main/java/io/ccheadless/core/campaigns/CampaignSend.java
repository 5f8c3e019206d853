package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Objects;

/**
 * One send of one campaign, as announced by one "Campaign Sent" event.
 *
 * @param sentAt  when this send ran: the campaign's last send, or for a re-send found in the send history its
 *                exact run date
 * @param sendKey how CC identifies a re-send: {@code <resend activity id>/<send id>}; null for the campaign's
 *                original send (its primary activity) or its last send when no history was read
 */
public record CampaignSend(SentCampaign campaign, Instant sentAt, String sendKey) {
    public CampaignSend {
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    public CampaignSend(SentCampaign campaign, Instant sentAt) {
        this(campaign, sentAt, null);
    }

    /** The same for every attempt to announce this send: consumers may deduplicate on it. */
    public String eventId() {
        return campaign.tenant() + "/" + campaign.campaignId() + "/" + sentAt.toEpochMilli();
    }
}
