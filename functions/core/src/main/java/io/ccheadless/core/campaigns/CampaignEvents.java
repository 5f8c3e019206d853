package io.ccheadless.core.campaigns;

import java.util.List;

/** Announces newly observed sends (EventBridge in production). Events carry no secrets. */
public interface CampaignEvents {
    void campaignsSent(List<SentCampaign> newlySent);
}
