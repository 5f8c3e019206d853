package io.ccheadless.campaignsapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.testing.RepoFiles;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.RecentCampaigns;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.testing.InMemoryCampaignStore;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.testing.InMemoryCallerGrants;

import static org.junit.jupiter.api.Assertions.*;

/** The route's contract on the events/ sample, over an in-memory store. */
class CampaignsApiHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2025-11-28T14:20:00Z");
    final InMemoryCampaignStore store = new InMemoryCampaignStore();
    final List<String> logs = new ArrayList<>();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The sample event's caller (an assumed-role session) is granted tenant "default" only. */
    static final String REPORTING = "arn:aws:iam::123456789012:role/reporting-service";
    final InMemoryCallerGrants grants = new InMemoryCallerGrants();
    final CampaignsApiHandler handler = new CampaignsApiHandler(new RecentCampaigns(store, clock), new TenantAccess(grants),
            new Log(logs::add, clock, "t"));

    {
        grants.grant(REPORTING, "default");
    }

    static APIGatewayV2HTTPEvent sample() throws Exception {
        return JSON.readValue(RepoFiles.event("campaigns-api-recent.json"), APIGatewayV2HTTPEvent.class);
    }

    void put(String tenant, String id, String name, Duration ago) {
        store.upsert(List.of(new StoredCampaign(new SentCampaign(tenant, id, name, "Done", "NEWSLETTER", NOW.minus(ago),
                new CampaignStats(3100, 900, 120, 3, 4, 1, 40, 2160), NOW.minus(ago).plusSeconds(600)), NOW.minus(ago))));
    }

    JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
        return JSON.readTree(r.getBody());
    }

    APIGatewayV2HTTPEvent with(Map<String, String> query) throws Exception {
        APIGatewayV2HTTPEvent e = sample();
        e.setQueryStringParameters(query);
        return e;
    }

    @Test
    void aCallerIsRefusedATenantItIsNotGrantedAndNothingOfItIsRead() throws Exception {
        put("acme", "c-9", "Acme Secret Plans", Duration.ofDays(1));
        APIGatewayV2HTTPEvent e = with(Map.of("days", "7"));
        e.setPathParameters(Map.of("tenant", "acme"));
        APIGatewayV2HTTPResponse r = handler.handle(e, null);
        assertEquals(403, r.getStatusCode(), r.getBody());
        assertFalse(r.getBody().contains("Acme Secret Plans"), r.getBody());
        assertTrue(r.getBody().contains("cch access grant --principal " + REPORTING + " --tenant acme"), r.getBody());
        grants.grant(REPORTING, "acme");
        APIGatewayV2HTTPResponse granted = handler.handle(e, null);
        assertEquals(200, granted.getStatusCode(), granted.getBody());
        assertTrue(granted.getBody().contains("Acme Secret Plans"), granted.getBody());
        grants.revoke(REPORTING, "acme");
        assertEquals(403, handler.handle(e, null).getStatusCode(), "a revoke holds from the next request on");
    }

    @Test
    void answersTheTenantsCampaignsOfTheWindowNewestFirstWithStats() throws Exception {
        put("default", "c-1", "November Newsletter", Duration.ofDays(1));
        put("default", "c-2", "Weekend Flash Sale", Duration.ofHours(2));
        put("default", "c-3", "Too Old", Duration.ofDays(8));
        put("other", "c-4", "Other Tenant", Duration.ofHours(1));

        APIGatewayV2HTTPResponse r = handler.handle(sample(), null);

        assertEquals(200, r.getStatusCode());
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        JsonNode b = body(r);
        assertEquals("default", b.path("tenant").asText());
        assertEquals(7, b.path("days").asInt());
        assertEquals("2025-11-21T14:20:00.000Z", b.path("from").asText());
        assertEquals(2, b.path("count").asInt());
        assertEquals(List.of("c-2", "c-1"), List.of(b.path("campaigns").get(0).path("campaign_id").asText(),
                b.path("campaigns").get(1).path("campaign_id").asText()));
        JsonNode c = b.path("campaigns").get(0);
        assertEquals("Weekend Flash Sale", c.path("name").asText());
        assertEquals("Done", c.path("status").asText());
        assertEquals("NEWSLETTER", c.path("campaign_type").asText());
        assertEquals("2025-11-28T12:20:00.000Z", c.path("last_sent_at").asText());
        assertEquals(900, c.path("stats").path("opens").asLong());
        assertEquals(1, c.path("stats").path("abuse").asLong());
        assertEquals(29.4, c.path("rates").path("open").asDouble(), "CC's open rate: 900 opens of 3,060 delivered");
        assertEquals(3.9, c.path("rates").path("click").asDouble(), "CC's click rate: 120 clicks of 3,060 delivered");
        assertEquals(1.3, c.path("rates").path("bounce").asDouble());
        assertEquals(0.1, c.path("rates").path("unsubscribe").asDouble());
        assertFalse(c.has("totals"), "no stats report read yet");
        assertFalse(b.has("next_cursor"));
        assertTrue(logs.stream().anyMatch(l -> l.contains("assumed-role/reporting-service")), "the caller is logged");
    }

    @Test
    void pagesCarryACursorToTheNext() throws Exception {
        for (int i = 0; i < 5; i++) {
            put("default", "c-" + i, "Campaign " + i, Duration.ofHours(i + 1));
        }
        List<String> ids = new ArrayList<>();
        Map<String, String> q = new HashMap<>(Map.of("days", "7", "limit", "2"));
        int pages = 0;
        while (true) {
            JsonNode b = body(handler.handle(with(q), null));
            b.path("campaigns").forEach(c -> ids.add(c.path("campaign_id").asText()));
            pages++;
            if (!b.has("next_cursor")) {
                break;
            }
            q.put("cursor", b.path("next_cursor").asText());
        }
        assertEquals(List.of("c-0", "c-1", "c-2", "c-3", "c-4"), ids);
        assertEquals(3, pages);
    }

    @Test
    void badInputIsA400NamingTheParameterAndReadsNothing() throws Exception {
        put("default", "c-1", "November Newsletter", Duration.ofDays(1));
        for (String days : List.of("0", "367", "seven", "-1", "2.5")) {
            APIGatewayV2HTTPResponse r = handler.handle(with(Map.of("days", days)), null);
            assertEquals(400, r.getStatusCode(), days);
            assertTrue(body(r).path("message").asText().contains("'days'"), r.getBody());
        }
        assertEquals(400, handler.handle(with(Map.of("limit", "5000")), null).getStatusCode());
        APIGatewayV2HTTPResponse cursor = handler.handle(with(Map.of("cursor", "%%%")), null);
        assertEquals(400, cursor.getStatusCode());
        assertTrue(body(cursor).path("message").asText().contains("'cursor'"));
        APIGatewayV2HTTPEvent badTenant = sample();
        badTenant.setPathParameters(Map.of("tenant", "../etc"));
        assertEquals(400, handler.handle(badTenant, null).getStatusCode());
    }

    @Test
    void aRequestWithoutAnIamIdentityIsRefused() throws Exception {
        APIGatewayV2HTTPEvent e = sample();
        e.getRequestContext().setAuthorizer(null);
        APIGatewayV2HTTPResponse r = handler.handle(e, null);
        assertEquals(403, r.getStatusCode());
        assertEquals("forbidden", body(r).path("error").asText());
    }

    @Test
    void anUnreachableTableIsA503WithoutInternals() throws Exception {
        CampaignStore down = new InMemoryCampaignStore() {
            @Override
            public CampaignPage sentBetween(String tenant, Instant from, Instant to, int limit, String cursor) {
                throw new StoreUnavailableException("querying campaigns: cannot reach the AWS endpoint (connect timed out)", null);
            }
        };
        CampaignsApiHandler h = new CampaignsApiHandler(new RecentCampaigns(down, clock), new TenantAccess(grants),
                new Log(logs::add, clock, "t"));
        APIGatewayV2HTTPResponse r = h.handle(sample(), null);
        assertEquals(503, r.getStatusCode());
        assertFalse(r.getBody().contains("AWS endpoint"), "internals stay in the log: " + r.getBody());
        assertTrue(logs.stream().anyMatch(l -> l.contains("cannot reach the AWS endpoint")));
    }
}
