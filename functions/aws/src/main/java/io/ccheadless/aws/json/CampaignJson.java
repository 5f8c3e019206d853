package io.ccheadless.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.store.SortableTime;
import io.ccheadless.core.campaigns.CampaignContent;
import io.ccheadless.core.campaigns.CampaignRates;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one shape of a stored campaign, both ways: the campaigns API writes it (each item of {@code campaigns}), the
 * "Campaign Sent" event writes it (its detail), and the campaigns table keeps it as the item itself
 * ({@code DynamoCampaignStore}: this document plus the item's key and announcement attributes). README, "The
 * campaign shape". A field added here is in all three; {@link #read} is its inverse, so a field written and not read
 * back fails the store's round trip. Times in {@link SortableTime}. {@code rates}, {@code rates_source} and
 * {@code computed_rates} are derived ({@link CampaignRates}), written for readers and not read back.
 */
public final class CampaignJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CampaignJson() {
    }

    private static void devices(ObjectNode o, CampaignReport.Devices d) {
        o.put("computer", d.computer());
        o.put("mobile", d.mobile());
        o.put("tablet", d.tablet());
        o.put("other", d.other());
    }

    private static void rates(ObjectNode rt, CampaignRates r) {
        rt.put("open", r.open());
        rt.put("click", r.click());
        rt.put("bounce", r.bounce());
        rt.put("unsubscribe", r.unsubscribe());
    }

    private static void stats(ObjectNode st, CampaignStats s) {
        st.put("sends", s.sends());
        st.put("opens", s.opens());
        st.put("clicks", s.clicks());
        st.put("forwards", s.forwards());
        st.put("optouts", s.optouts());
        st.put("abuse", s.abuse());
        st.put("bounces", s.bounces());
        st.put("not_opened", s.notOpened());
    }

    private static CampaignStats stats(JsonNode st) {
        return new CampaignStats(count(st, "sends"), count(st, "opens"), count(st, "clicks"),
                count(st, "forwards"), count(st, "optouts"), count(st, "abuse"), count(st, "bounces"),
                count(st, "not_opened"));
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
        stats(o.putObject("stats"), s);
        rates(o.putObject("rates"), CampaignRates.shown(c));
        o.put("rates_source", CampaignRates.source(c).name().toLowerCase(java.util.Locale.ROOT));
        rates(o.putObject("computed_rates"), CampaignRates.of(s));
        CampaignReport rep = c.report();
        if (rep != null) {
            ObjectNode t = o.putObject("totals");
            t.put("opens", rep.opensAll());
            t.put("clicks", rep.clicksAll());
            devices(t.putObject("opens_by_device"), rep.opens());
            devices(t.putObject("clicks_by_device"), rep.clicks());
            ObjectNode p = t.putObject("percents");
            rep.percents().forEach(p::put);
            t.put("last_refresh_time", SortableTime.format(rep.lastRefreshTime()));
            if (rep.readAt() != null) {
                t.put("read_at", SortableTime.format(rep.readAt()));
                stats(t.putObject("stats_at_read"), rep.statsAtRead());
            }
        }
        CampaignContent content = c.content();
        if (content != null) {
            o.put("activity_id", content.activityId());
            o.put("subject", content.subject());
            o.put("from_name", content.fromName());
            o.put("preheader", content.preheader());
            if (content.links() != null) {
                var links = o.putArray("links");
                for (CampaignContent.Link l : content.links()) {
                    links.addObject().put("url", l.url()).put("unique_clicks", l.uniqueClicks());
                }
            }
        }
        return o;
    }

    /** The shape of {@code c} as a new document. */
    public static ObjectNode of(SentCampaign c) {
        return write(c, NODES.objectNode());
    }

    /**
     * The campaign a document of this shape holds ({@link #write}'s inverse; the derived rates are not read).
     *
     * @throws IllegalArgumentException when a field the shape requires is missing or of the wrong kind
     */
    public static SentCampaign read(String tenant, JsonNode o) {
        CampaignStats stats = stats(required(o, "stats"));
        CampaignReport report = null;
        JsonNode t = o.get("totals");
        if (t != null && t.isObject()) {
            Map<String, Double> percents = new TreeMap<>();
            t.path("percents").properties().forEach(e -> percents.put(e.getKey(), e.getValue().asDouble()));
            report = new CampaignReport(count(t, "opens"), count(t, "clicks"), devices(required(t, "opens_by_device")),
                    devices(required(t, "clicks_by_device")), SortableTime.parse(text(t, "last_refresh_time")), percents);
            if (t.has("read_at")) {   // absent on a report stored before the sync recorded its reads: due again
                report = report.readAt(SortableTime.parse(text(t, "read_at")), stats(required(t, "stats_at_read")));
            }
        }
        CampaignContent content = null;
        if (o.has("subject")) {
            List<CampaignContent.Link> links = null;
            JsonNode ls = o.get("links");
            if (ls != null && ls.isArray()) {
                links = new ArrayList<>();
                for (JsonNode l : ls) {
                    links.add(new CampaignContent.Link(text(l, "url"), count(l, "unique_clicks")));
                }
            }
            content = new CampaignContent(text(o, "activity_id"), text(o, "subject"), text(o, "from_name"),
                    text(o, "preheader"), links);
        }
        return new SentCampaign(tenant, text(o, "campaign_id"), text(o, "name"), text(o, "status"),
                text(o, "campaign_type"), SortableTime.parse(text(o, "last_sent_at")), stats,
                SortableTime.parse(text(o, "synced_at")), report, content);
    }

    private static CampaignReport.Devices devices(JsonNode d) {
        return new CampaignReport.Devices(count(d, "computer"), count(d, "mobile"), count(d, "tablet"), count(d, "other"));
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("the campaign document has no " + field);
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("the campaign document's " + field + " is not text");
        }
        return v.asText();
    }

    private static long count(JsonNode o, String field) {
        JsonNode v = required(o, field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("the campaign document's " + field + " is not a number");
        }
        return v.asLong();
    }
}
