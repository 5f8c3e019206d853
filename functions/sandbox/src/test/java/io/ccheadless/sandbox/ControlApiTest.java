package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlApiTest {

    private static HttpResponse<String> post(TestHttp http, String path, String body) {
        return http.postJson(path, body, Map.of());
    }

    @Test
    void clockCanBeAdvancedAndSetOverHttp() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> r = post(http, "/sandbox/clock/advance", "{\"seconds\":3600}");
            assertEquals(200, r.statusCode());
            assertEquals(Sandboxes.T0.plusSeconds(3600), sb.clock().now());
            post(http, "/sandbox/clock/advance", "{\"duration\":\"P1D\"}");
            assertEquals(Sandboxes.T0.plusSeconds(3600 + 86_400), sb.clock().now());
            post(http, "/sandbox/clock/set", "{\"instant\":\"2027-01-01T00:00:00Z\"}");
            assertEquals(Instant.parse("2027-01-01T00:00:00Z"), sb.clock().now());
            assertEquals(400, post(http, "/sandbox/clock/advance", "{}").statusCode());
            assertEquals(400, post(http, "/sandbox/clock/set", "not json").statusCode());
        }
    }

    @Test
    void campaignsCreatedAndSentOverHttpAppearInTheApiAndScheduledOnesSendWhenTheClockPasses() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> created = post(http, "/sandbox/campaigns", "{\"name\":\"Autumn Harvest Blend\"}");
            assertEquals(201, created.statusCode());
            String id = json(created).get("campaign_id").asText();
            String scheduled = json(post(http, "/sandbox/campaigns",
                    "{\"name\":\"Winter Warmers\",\"send_at\":\"" + Sandboxes.T0.plusSeconds(7200) + "\"}"))
                    .get("campaign_id").asText();
            String jwt = http.login("campaign_data").get("access_token").asText();
            assertEquals("Draft", json(http.get("/v3/emails/" + id, jwt)).get("current_status").asText());
            assertEquals("Scheduled", json(http.get("/v3/emails/" + scheduled, jwt)).get("current_status").asText());
            sb.clock().advance(Duration.ofMinutes(1));
            assertEquals(204, post(http, "/sandbox/campaigns/" + id + "/send", "").statusCode());
            JsonNode sent = json(http.get("/v3/emails/" + id, jwt));
            assertEquals("Done", sent.get("current_status").asText());
            JsonNode newest = json(http.get("/v3/emails?limit=1", jwt)).get("campaigns").get(0);
            assertEquals(id, newest.get("campaign_id").asText());
            sb.clock().advance(Duration.ofHours(2));
            jwt = http.login("campaign_data").get("access_token").asText();
            assertEquals("Done", json(http.get("/v3/emails/" + scheduled, jwt)).get("current_status").asText());
            assertEquals(400, post(http, "/sandbox/campaigns", "{\"name\":\"Autumn Harvest Blend\"}").statusCode(),
                    "names are unique");
            assertEquals(400, post(http, "/sandbox/campaigns/" + id + "/send", "").statusCode(), "already sent");
            HttpResponse<String> removed = http.send(HttpRequest.newBuilder(sb.baseUri().resolve("/sandbox/campaigns/" + id))
                    .DELETE().build());
            assertEquals(204, removed.statusCode());
            assertEquals("Removed", json(http.get("/v3/emails/" + id, jwt)).get("current_status").asText());
        }
    }

    @Test
    void sendHistoryShowsOneCompletedSendAfterASendAndNoneBefore() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String id = sb.control().createCampaign("Roaster's Reserve");
            String jwt = http.login("campaign_data").get("access_token").asText();
            String activity = null;
            String permalink = null;
            for (JsonNode a : json(http.get("/v3/emails/" + id, jwt)).get("campaign_activities")) {
                if (a.get("role").asText().equals("primary_email")) {
                    activity = a.get("campaign_activity_id").asText();
                } else {
                    permalink = a.get("campaign_activity_id").asText();
                }
            }
            assertEquals("[]", http.get("/v3/emails/activities/" + activity + "/send_history", jwt).body());
            sb.control().sendCampaign(id);
            JsonNode history = json(http.get("/v3/emails/activities/" + activity + "/send_history", jwt));
            assertEquals(1, history.size());
            assertEquals(1, history.get(0).get("send_id").asInt());
            assertEquals("COMPLETED", history.get(0).get("send_status").asText());
            assertEquals(0, history.get(0).get("reason_code").asInt());
            assertEquals("2026-03-10T15:00:00.000Z", history.get(0).get("run_date").asText());
            assertEquals(404, http.get("/v3/emails/activities/" + permalink + "/send_history", jwt).statusCode());
            JsonNode act = json(http.get("/v3/emails/activities/" + activity + "?include=html_content,permalink_url", jwt));
            assertEquals("DONE", act.get("current_status").asText());
            assertEquals(id, act.get("campaign_id").asText());
            assertTrue(act.get("html_content").asText().contains("[[trackingImage]]"));
            assertFalse(act.has("physical_address_in_footer"));
            assertEquals(400, http.get("/v3/emails/activities/" + activity + "?include=everything", jwt).statusCode());
            sb.control().removeCampaign(id);
            assertEquals(404, http.get("/v3/emails/activities/" + activity, jwt).statusCode(), "removed activities are gone");
        }
    }

    @Test
    void aLargeGeneratedAccountPagesThroughTenThousandCampaignsDeterministically() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> r = post(http, "/sandbox/campaigns/generate", "{\"count\":10000,\"seed\":7,\"span_days\":1095}");
            assertEquals(200, r.statusCode(), r::body);
            assertEquals(10_000, json(r).get("campaigns").asInt());
            String jwt = http.login("campaign_data").get("access_token").asText();
            List<JsonNode> all = EmailsApiTest.allPages(http, jwt, "/v3/emails?limit=500", "campaigns");
            assertEquals(10_000, all.size());
            assertEquals(10_000, all.stream().map(c -> c.get("campaign_id").asText()).distinct().count());
            String firstPage = http.get("/v3/emails?limit=20", jwt).body();
            sb.control().generateCampaigns(10_000, 7, Duration.ofDays(1095));
            assertEquals(firstPage, http.get("/v3/emails?limit=20", jwt).body(), "same seed, same clock, same account");
        }
    }

    @Test
    void countersOverHttpShowRedemptionsWithoutTokens() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            JsonNode t = http.login("campaign_data offline_access");
            http.refresh(t.get("refresh_token").asText());
            HttpResponse<String> r = http.get("/sandbox/counters");
            JsonNode c = json(r);
            assertEquals(1, c.get("refresh_redemptions").asInt());
            assertEquals(1, c.get("successful_refreshes").asInt());
            assertEquals("SUCCEEDED", c.get("redemptions").get(0).get("outcome").asText());
            assertFalse(r.body().contains(t.get("refresh_token").asText()));
            assertFalse(r.body().contains(sb.clientSecret()));
            assertEquals(204, post(http, "/sandbox/counters/reset", "").statusCode());
            assertEquals(0, sb.counters().refreshRedemptions());
        }
    }

    @Test
    void faultsConsentRefreshModeAndDeviceDecisionsCanBeSetOverHttp() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(sb.baseUri().resolve("/sandbox/faults/keys"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"error_rate\":1.0,\"error_status\":503,\"times\":1}")).build());
            assertEquals(204, put.statusCode());
            assertEquals(503, http.get("/oauth2/default/v1/keys").statusCode());
            assertEquals(200, http.get("/oauth2/default/v1/keys").statusCode());

            assertEquals(200, post(http, "/sandbox/consent", "{\"mode\":\"AUTO_DENY\"}").statusCode());
            assertEquals(200, post(http, "/sandbox/refresh-mode", "{\"mode\":\"LONG_LIVED\"}").statusCode());
            JsonNode state = json(http.get("/sandbox/state"));
            assertEquals("AUTO_DENY", state.get("consent").asText());
            assertEquals("LONG_LIVED", state.get("refresh_mode").asText());
            assertEquals(400, post(http, "/sandbox/consent", "{\"mode\":\"MAYBE\"}").statusCode());

            JsonNode device = json(http.postForm("/oauth2/default/v1/device/authorize",
                    TestHttp.map("client_id", sb.clientId(), "scope", "campaign_data"), null, null));
            assertEquals(204, post(http, "/sandbox/device/approve",
                    "{\"user_code\":\"" + device.get("user_code").asText() + "\"}").statusCode());
            assertEquals(404, post(http, "/sandbox/device/approve", "{\"user_code\":\"ZZZZ-ZZZZ\"}").statusCode());
        }
    }
}
