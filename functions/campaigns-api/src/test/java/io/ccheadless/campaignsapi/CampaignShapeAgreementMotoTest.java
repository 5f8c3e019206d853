package io.ccheadless.campaignsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeCampaignEvents;
import io.ccheadless.aws.json.JsonAttributes;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.CampaignContent;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignSend;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.RecentCampaigns;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The store, the campaigns API and the "Campaign Sent" event hold one campaign shape, field for field: the item in
 * DynamoDB (less its key and announcement bookkeeping), the API's answer for it and the event's detail (less the
 * send's own fields) are the same document, for a campaign with every optional part present.
 */
class CampaignShapeAgreementMotoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    /** Numbers compared by value (DynamoDB keeps 30.0 as 30), everything else as is. */
    static JsonNode normal(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            n.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), normal(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(normal(x)));
            return a;
        }
        if (n.isNumber()) {
            return JsonNodeFactory.instance.textNode(new BigDecimal(n.asText()).stripTrailingZeros().toPlainString());
        }
        return n;
    }

    @Test
    void theStoredItemTheApiAnswerAndTheEventDetailAreOneShape() throws Exception {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        try (AwsClients aws = Moto.provision(env, "id", "secret")) {
            String table = Settings.fromEnvironment(env).campaignsTable();
            DynamoCampaignStore store = new DynamoCampaignStore(aws.dynamo(), table, Sleeper.REAL);
            Instant sent = NOW.minusSeconds(3600);
            SentCampaign c = new SentCampaign("acme", "c-1", "November Newsletter", "Done", "NEWSLETTER", sent,
                    new CampaignStats(3100, 900, 120, 3, 4, 1, 40, 2160), NOW.minusSeconds(60))
                    .withReport(new CampaignReport(1400, 180, new CampaignReport.Devices(800, 500, 60, 40),
                            new CampaignReport.Devices(100, 70, 6, 4), NOW.minusSeconds(120),
                            Map.of("open", 29.0, "click", 13.3, "bounce", 1.3, "unsubscribe", 0.1))
                            .readAt(NOW.minusSeconds(60), new CampaignStats(3100, 900, 120, 3, 4, 1, 40, 2160)),
                            NOW.minusSeconds(60))
                    .withContent(new CampaignContent("a-1", "Our November picks", "Roastery", "",
                            List.of(new CampaignContent.Link("https://example.com/offer", 120))), NOW.minusSeconds(60));
            store.upsert(List.of(new StoredCampaign(c, sent, List.of("a-2/1"))));

            Map<String, AttributeValue> item = aws.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                    "tenant", AttributeValue.fromS("acme"), "campaign_id", AttributeValue.fromS("c-1")))).item();
            JsonNode stored = normal(JsonAttributes.object(item, Set.of("tenant", "announced_sent_at", "announced_sends")));

            RecentCampaigns.Listing listing = new RecentCampaigns(store, Clock.fixed(NOW, ZoneOffset.UTC)).list("acme", 7, 10, null);
            assertEquals(c, listing.campaigns().get(0), "the store round-trips the campaign");
            JsonNode api = normal(JSON.readTree(CampaignsApiHandler.body(listing).toString()).path("campaigns").path(0));

            ObjectNode detail = (ObjectNode) JSON.readTree(EventBridgeCampaignEvents.detail(new CampaignSend(c, sent)));
            detail.remove(List.of("event_id", "tenant", "sent_at"));
            JsonNode event = normal(detail);

            assertEquals(stored, api, "the item is the API's answer, field for field");
            assertEquals(api, event, "the event's campaign is the API's answer, field for field");
            assertEquals("cc_report", api.path("rates_source").asText());
            assertEquals(900, api.path("totals").path("stats_at_read").path("opens").asLong(),
                    "the counts the report was read at, kept through the store");
            assertEquals("29", api.path("rates").path("open").asText(), "CC's open percentage, kept through the store");
        }
    }
}
