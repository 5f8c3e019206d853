package io.ccheadless.aws.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.campaigns.CampaignContent;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The one campaign shape of the README ("The campaign shape"), with CC's stats report once a sweep read it. */
class CampaignJsonTest {
    static final Instant SENT = Instant.parse("2026-11-20T10:00:00Z");
    static final CampaignStats STATS = new CampaignStats(3100, 900, 120, 3, 4, 0, 40, 2160);
    static final CampaignReport REPORT = new CampaignReport(1400, 180, new CampaignReport.Devices(800, 500, 60, 40),
            new CampaignReport.Devices(100, 70, 6, 4), SENT.plusSeconds(240),
            Map.of("open", 29.5, "click", 13.3, "bounce", 1.2, "unsubscribe", 0.2, "did_not_open", 70.5))
            .readAt(SENT.plusSeconds(300), STATS);

    static SentCampaign campaign() {
        return new SentCampaign("default", "c-1", "November Newsletter", "Done", "NEWSLETTER", SENT, STATS,
                SENT.plusSeconds(300));
    }

    @Test
    void theShapeCarriesCountsRatesAndCcsTotalsWithTheirDeviceSplitAndPercents() {
        SentCampaign c = campaign().withReport(REPORT, SENT.plusSeconds(300));
        ObjectNode o = CampaignJson.of(c);
        List<String> fields = new ArrayList<>();
        o.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("campaign_id", "name", "status", "campaign_type", "last_sent_at", "synced_at", "stats",
                "rates", "rates_source", "computed_rates", "totals"), fields);
        assertEquals(1400, o.path("totals").path("opens").asLong());
        assertEquals(180, o.path("totals").path("clicks").asLong());
        assertEquals(500, o.path("totals").path("opens_by_device").path("mobile").asLong());
        assertEquals(6, o.path("totals").path("clicks_by_device").path("tablet").asLong());
        assertEquals("2026-11-20T10:04:00.000Z", o.path("totals").path("last_refresh_time").asText());
        assertEquals(70.5, o.path("totals").path("percents").path("did_not_open").asDouble(), "CC's, as CC gave them");
        assertEquals("2026-11-20T10:05:00.000Z", o.path("totals").path("read_at").asText(), "when the sync read it");
        assertEquals(o.path("stats"), o.path("totals").path("stats_at_read"), "at the counts stored with it");
        assertEquals(c, CampaignJson.read("default", o), "read back whole");
        ((ObjectNode) o.path("totals")).remove(List.of("read_at", "stats_at_read"));
        assertNull(CampaignJson.read("default", o).report().readAt(), "a report stored before reads were recorded: due");
    }

    @Test
    void readersAreShownCcsOwnPercentagesOnceTheReportIsReadAndOursBefore() {
        ObjectNode before = CampaignJson.of(campaign());
        assertEquals("summary_counts", before.path("rates_source").asText());
        assertEquals(29.4, before.path("rates").path("open").asDouble(), "900 of 3,060 delivered");
        assertEquals(before.path("rates"), before.path("computed_rates"));

        ObjectNode after = CampaignJson.of(campaign().withReport(REPORT, SENT.plusSeconds(300)));
        assertEquals("cc_report", after.path("rates_source").asText());
        assertEquals(29.5, after.path("rates").path("open").asDouble(), "CC's open percentage");
        assertEquals(1.2, after.path("rates").path("bounce").asDouble(), "CC's bounce percentage");
        assertEquals(0.2, after.path("rates").path("unsubscribe").asDouble(), "CC's unsubscribe percentage");
        assertEquals(3.9, after.path("rates").path("click").asDouble(),
                "CC's click rate over delivered, not the report's click-to-open 13.3");
        assertEquals(29.4, after.path("computed_rates").path("open").asDouble(), "ours kept beside CC's");
    }

    @Test
    void theShapeCarriesTheSubjectFromNamePreheaderAndLinksOnceRead() {
        SentCampaign c = campaign().withContent(new CampaignContent("a-1", "Our November picks", "Roastery",
                "Three new beans", List.of(new CampaignContent.Link("https://example.com/offer", 120))), SENT.plusSeconds(300));
        ObjectNode o = CampaignJson.of(c);
        assertEquals("a-1", o.path("activity_id").asText());
        assertEquals("Our November picks", o.path("subject").asText());
        assertEquals("Roastery", o.path("from_name").asText());
        assertEquals("Three new beans", o.path("preheader").asText());
        assertEquals("https://example.com/offer", o.path("links").path(0).path("url").asText());
        assertEquals(120, o.path("links").path(0).path("unique_clicks").asLong());
        ObjectNode unread = CampaignJson.of(c.withContent(c.content().withLinks(null), SENT));
        assertFalse(unread.has("links"), "no links field when the link report is off");
    }

    @Test
    void readIsWritesInverseForEveryField() throws Exception {
        SentCampaign full = campaign().withReport(REPORT, SENT.plusSeconds(300)).withContent(new CampaignContent("a-1",
                "Our November picks", "Roastery", "", List.of(new CampaignContent.Link("https://example.com/offer", 120),
                new CampaignContent.Link("https://example.com/x", 0))), SENT.plusSeconds(301));
        for (SentCampaign c : List.of(full, campaign(), full.withContent(full.content().withLinks(null), SENT),
                full.withContent(full.content().withLinks(List.of()), SENT))) {
            String text = CampaignJson.of(c).toString();
            assertEquals(c, CampaignJson.read("default", new ObjectMapper().readTree(text)), text);
        }
        ObjectNode broken = CampaignJson.of(full);
        broken.remove("stats");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampaignJson.read("default", broken));
        assertTrue(e.getMessage().contains("stats"), e.getMessage());
    }
}
