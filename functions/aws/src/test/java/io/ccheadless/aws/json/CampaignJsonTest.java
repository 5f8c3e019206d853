package io.ccheadless.aws.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The one campaign shape of the README ("The campaign shape"), with CC's stats report once a sweep read it. */
class CampaignJsonTest {
    static final Instant SENT = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void theShapeCarriesCountsRatesAndCcsTotalsWithTheirDeviceSplit() {
        SentCampaign c = new SentCampaign("default", "c-1", "November Newsletter", "Done", "NEWSLETTER", SENT,
                new CampaignStats(3100, 900, 120, 3, 4, 0, 40, 2160), SENT.plusSeconds(300))
                .withReport(new CampaignReport(1400, 180, new CampaignReport.Devices(800, 500, 60, 40),
                        new CampaignReport.Devices(100, 70, 6, 4), SENT.plusSeconds(240)), SENT.plusSeconds(300));
        ObjectNode o = CampaignJson.write(c, new ObjectMapper().createObjectNode());
        List<String> fields = new ArrayList<>();
        o.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("campaign_id", "name", "status", "campaign_type", "last_sent_at", "synced_at", "stats",
                "rates", "totals"), fields);
        assertEquals(1400, o.path("totals").path("opens").asLong());
        assertEquals(180, o.path("totals").path("clicks").asLong());
        assertEquals(500, o.path("totals").path("opens_by_device").path("mobile").asLong());
        assertEquals(6, o.path("totals").path("clicks_by_device").path("tablet").asLong());
        assertEquals("2026-11-20T10:04:00.000Z", o.path("totals").path("last_refresh_time").asText());
        assertEquals(29.4, o.path("rates").path("open").asDouble());
    }
}
