package io.ccheadless.aws.store;

import io.ccheadless.core.campaigns.CampaignContent;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * Reads a campaign item in the layout the store wrote before it kept the campaign's one shape (flat counts
 * {@code sends…not_opened}, {@code opens_all}, {@code opens_computer…}, {@code report_refreshed_at}, content fields
 * at the top), so items of deployed stacks still read; their next write is in the shape. Frozen: a new field goes
 * into {@code CampaignJson}, never here.
 */
final class LegacyCampaignItem {
    private LegacyCampaignItem() {
    }

    static SentCampaign read(Map<String, AttributeValue> i) {
        return new SentCampaign(i.get("tenant").s(), i.get("campaign_id").s(), i.get("name").s(), i.get("status").s(),
                i.get("campaign_type").s(), SortableTime.parse(i.get("last_sent_at").s()),
                new CampaignStats(l(i, "sends"), l(i, "opens"), l(i, "clicks"), l(i, "forwards"), l(i, "optouts"),
                        l(i, "abuse"), l(i, "bounces"), l(i, "not_opened")),
                SortableTime.parse(i.get("synced_at").s()), report(i), content(i));
    }

    private static CampaignContent content(Map<String, AttributeValue> i) {
        if (!i.containsKey("subject")) {
            return null;
        }
        AttributeValue links = i.get("links");
        return new CampaignContent(i.get("activity_id").s(), i.get("subject").s(), i.get("from_name").s(),
                i.get("preheader").s(), links == null ? null : links.l().stream()
                .map(l -> new CampaignContent.Link(l.m().get("url").s(), Long.parseLong(l.m().get("unique_clicks").n())))
                .toList());
    }

    private static CampaignReport report(Map<String, AttributeValue> i) {
        if (!i.containsKey("report_refreshed_at")) {
            return null;
        }
        return new CampaignReport(l(i, "opens_all"), l(i, "clicks_all"),
                new CampaignReport.Devices(l(i, "opens_computer"), l(i, "opens_mobile"), l(i, "opens_tablet"),
                        l(i, "opens_other")),
                new CampaignReport.Devices(l(i, "clicks_computer"), l(i, "clicks_mobile"), l(i, "clicks_tablet"),
                        l(i, "clicks_other")),
                SortableTime.parse(i.get("report_refreshed_at").s()));
    }

    private static long l(Map<String, AttributeValue> i, String k) {
        return i.containsKey(k) ? Long.parseLong(i.get(k).n()) : 0;
    }
}
