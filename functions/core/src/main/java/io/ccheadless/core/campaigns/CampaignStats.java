package io.ccheadless.core.campaigns;

/** Unique counts of one campaign, as CC's bulk summaries report them. All non-negative. */
public record CampaignStats(long sends, long opens, long clicks, long forwards, long optouts, long abuse, long bounces,
                            long notOpened) {
    public CampaignStats {
        if (sends < 0 || opens < 0 || clicks < 0 || forwards < 0 || optouts < 0 || abuse < 0 || bounces < 0 || notOpened < 0) {
            throw new IllegalArgumentException("campaign counts cannot be negative");
        }
    }

    public static final CampaignStats NONE = new CampaignStats(0, 0, 0, 0, 0, 0, 0, 0);
}
