package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A campaign as the sync keeps it: the stored values plus which sends were announced.
 *
 * @param announcedSentAt the newest send already announced (or given up on, at most once), null when none was:
 *                        the campaign's send is still to be announced
 * @param announcedSends  the re-sends announced (or given up on), each as CC identifies it: its {@code resend}
 *                        activity and send id ({@link CampaignSend#sendKey()}), sorted; the original send is the
 *                        campaign's primary activity, covered by {@code announcedSentAt} being set
 * @param contentUnavailableFor the last send at which CC could not give the campaign's content (its primary activity
 *                        answered 404, or CC listed none): not asked again until the campaign is sent again; null
 *                        when never refused
 */
public record StoredCampaign(SentCampaign campaign, Instant announcedSentAt, List<String> announcedSends,
                             Instant contentUnavailableFor) {
    public StoredCampaign {
        Objects.requireNonNull(campaign, "campaign");
        announcedSends = List.copyOf(new TreeSet<>(announcedSends));
    }

    public StoredCampaign(SentCampaign campaign, Instant announcedSentAt, List<String> announcedSends) {
        this(campaign, announcedSentAt, announcedSends, null);
    }

    public StoredCampaign(SentCampaign campaign, Instant announcedSentAt) {
        this(campaign, announcedSentAt, List.of());
    }

    /** True while the campaign's latest send has not been announced. */
    public boolean announcementPending() {
        return announcedSentAt == null || announcedSentAt.isBefore(campaign.lastSentAt());
    }

    /** True when CC refused the content for the campaign's current send: asking again would cost the same refusal. */
    public boolean contentRefused() {
        return contentUnavailableFor != null && !contentUnavailableFor.isBefore(campaign.lastSentAt());
    }

    public String campaignId() {
        return campaign.campaignId();
    }

    public Instant lastSentAt() {
        return campaign.lastSentAt();
    }

    public StoredCampaign announcedUpTo(Instant sentAt) {
        return new StoredCampaign(campaign, sentAt, announcedSends, contentUnavailableFor);
    }

    /** Announced up to {@code sentAt}, with these re-sends announced as well. */
    public StoredCampaign announcedUpTo(Instant sentAt, List<String> sendKeys) {
        List<String> all = new java.util.ArrayList<>(announcedSends);
        all.addAll(sendKeys);
        return new StoredCampaign(campaign, sentAt, all, contentUnavailableFor);
    }

    public StoredCampaign with(SentCampaign updated) {
        return new StoredCampaign(updated, announcedSentAt, announcedSends, contentUnavailableFor);
    }

    /** The same, remembering that CC could not give the content for the current send. */
    public StoredCampaign contentUnavailable() {
        return new StoredCampaign(campaign, announcedSentAt, announcedSends, campaign.lastSentAt());
    }
}
