package io.ccheadless.aws.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.store.SortableTime;
import io.ccheadless.core.campaigns.CampaignRates;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;

/**
 * The one JSON shape of a stored campaign, written by the campaigns API (each item of {@code campaigns}) and the
 * "Campaign Sent" event (its detail): README, "The campaign shape". Times in the store's one encoding
 * ({@link SortableTime}).
 */
public final class CampaignJson {
    private CampaignJson() {
    }

    private static void devices(ObjectNode o, CampaignReport.Devices d) {
        o.put("computer", d.computer());
        o.put("mobile", d.mobile());
        o.put("tablet", d.tablet());
        o.put("other", d.other());
    }

    /** Writes the campaign's fields into {@code o} and answers it. */
    public static ObjectNode write(SentCampaign c, ObjectNode o) {
        o.put("campaign_id", c.campaignId());
        o.put("name", c.name());
        o.put("status", c.status());
        o.put("campaign_type", c.campaignType());
        o.put("last_sent_at", SortableTime.format(c.lastSentAt()));
        o.put("synced_at", SortableTime.format(c.syncedAt()));
        CampaignStats s = c.stats();
        ObjectNode st = o.putObject("stats");
        st.put("sends", s.sends());
        st.put("opens", s.opens());
        st.put("clicks", s.clicks());
        st.put("forwards", s.forwards());
        st.put("optouts", s.optouts());
        st.put("abuse", s.abuse());
        st.put("bounces", s.bounces());
        st.put("not_opened", s.notOpened());
        CampaignRates r = CampaignRates.of(s);
        ObjectNode rt = o.putObject("rates");
        rt.put("open", r.open());
        rt.put("click", r.click());
        rt.put("bounce", r.bounce());
        rt.put("unsubscribe", r.unsubscribe());
        CampaignReport rep = c.report();
        if (rep != null) {
            ObjectNode t = o.putObject("totals");
            t.put("opens", rep.opensAll());
            t.put("clicks", rep.clicksAll());
            devices(t.putObject("opens_by_device"), rep.opens());
            devices(t.putObject("clicks_by_device"), rep.clicks());
            t.put("last_refresh_time", SortableTime.format(rep.lastRefreshTime()));
        }
        return o;
    }
}
