package io.ccheadless.core.campaigns;

import java.time.Duration;
import java.util.List;

/** What one sync run did. {@code campaigns} are the campaigns sent inside the look-back window, newest first. */
public record SyncReport(String tenant, int campaignsSeen, int campaignsWritten, int newlySent, int ccRequests,
                         Duration duration, List<SentCampaign> campaigns) {
    public SyncReport {
        campaigns = List.copyOf(campaigns);
    }
}
