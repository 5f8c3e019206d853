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
 */
public record StoredCampaign(SentCampaign campaign, Instant announcedSentAt, List<String> announcedSends) {
    public StoredCampaign {
        Objects.requireNonNull(campaign, "campaign");
        announcedSends = List.copyOf(new TreeSet<>(announcedSends));
    }

    public StoredCampaign(SentCampaign campaign, Instant announcedSentAt) {
        this(campaign, announcedSentAt, List.of());
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
        return new StoredCampaign(campaign, sentAt, announcedSends);
    }

    /** Announced up to {@code sentAt}, with these re-sends announced as well. */
    public StoredCampaign announcedUpTo(Instant sentAt, List<String> sendKeys) {
        List<String> all = new java.util.ArrayList<>(announcedSends);
        all.addAll(sendKeys);
        return new StoredCampaign(campaign, sentAt, all);
    }

    public StoredCampaign with(SentCampaign updated) {
        return new StoredCampaign(updated, announcedSentAt, announcedSends);
    }
}
