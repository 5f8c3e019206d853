package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmailsApiTest {

    /** Follows _links.next.href until it is absent; returns every campaign seen. */
    static List<JsonNode> allPages(TestHttp http, String jwt, String first, String arrayField) {
        List<JsonNode> out = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null; pages++) {
            assertTrue(pages < 1_000, "paging must end");
            HttpResponse<String> r = http.get(next, jwt);
            assertEquals(200, r.statusCode(), r::body);
            JsonNode page = json(r);
            page.get(arrayField).forEach(out::add);
            JsonNode href = page.path("_links").path("next").path("href");
            next = href.isMissingNode() ? null : href.asText();
            if (next != null) {
                assertTrue(next.startsWith("/v3/") && next.contains("cursor="), next);
            }
        }
        return out;
    }

    @Test
    void listPagesThroughEveryCampaignNewestUpdatedFirstIncludingRemoved() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(40).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            List<JsonNode> all = allPages(http, jwt, "/v3/emails?limit=7", "campaigns");
            assertEquals(40, all.size());
            Set<String> ids = new HashSet<>();
            Set<String> statuses = new HashSet<>();
            Instant previous = Instant.MAX;
            for (JsonNode c : all) {
                assertTrue(ids.add(c.get("campaign_id").asText()), "no campaign twice");
                statuses.add(c.get("current_status").asText());
                Instant updated = Instant.parse(c.get("updated_at").asText());
                assertFalse(updated.isAfter(previous), "sorted by updated_at descending");
                previous = updated;
                assertTrue(c.get("updated_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
                assertTrue(c.get("type_code").isInt());
                assertFalse(c.get("name").asText().isBlank());
            }
            assertTrue(statuses.containsAll(Set.of("Done", "Draft", "Scheduled", "Removed")), statuses.toString());
        }
    }

    @Test
    void lastPageHasNoLinksAndDefaultLimitIs50() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(60).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            JsonNode first = json(http.get("/v3/emails", jwt));
            assertEquals(50, first.get("campaigns").size());
            JsonNode second = json(http.get(first.get("_links").get("next").get("href").asText(), jwt));
            assertEquals(10, second.get("campaigns").size());
            assertFalse(second.has("_links"));
        }
    }

    @Test
    void limitOutsideOneTo500Is400ByDefaultAndClampedWhenConfigured() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            for (String bad : List.of("0", "501", "abc", "-3")) {
                HttpResponse<String> r = http.get("/v3/emails?limit=" + bad, jwt);
                assertEquals(400, r.statusCode(), bad);
                assertTrue(json(r).isArray());
            }
            assertEquals(200, http.get("/v3/emails?limit=500", jwt).statusCode());
            assertEquals(400, http.get("/v3/emails?cursor=garbage!", jwt).statusCode());
        }
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(600).limitPolicy(LimitPolicy.CLAMP).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            HttpResponse<String> r = http.get("/v3/emails?limit=900", jwt);
            assertEquals(200, r.statusCode());
            assertEquals(500, json(r).get("campaigns").size());
            assertEquals(400, http.get("/v3/emails?limit=0", jwt).statusCode());
        }
    }

    @Test
    void beforeAndAfterDateFilterOnUpdatedAt() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(40).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            Instant after = Sandboxes.T0.minus(java.time.Duration.ofDays(60));
            Instant before = Sandboxes.T0.minus(java.time.Duration.ofDays(20));
            List<JsonNode> all = allPages(http, jwt, "/v3/emails?limit=500", "campaigns");
            long expected = all.stream().map(c -> Instant.parse(c.get("updated_at").asText()))
                    .filter(u -> u.isAfter(after) && u.isBefore(before)).count();
            assertTrue(expected > 0 && expected < all.size());
            List<JsonNode> filtered = allPages(http, jwt, "/v3/emails?limit=3&after_date=" + after + "&before_date=" + before,
                    "campaigns");
            assertEquals(expected, filtered.size());
            assertEquals(400, http.get("/v3/emails?after_date=yesterday", jwt).statusCode());
        }
    }

    @Test
    void singleCampaignHasPrimaryEmailAndPermalinkActivities() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            JsonNode first = json(http.get("/v3/emails?limit=1", jwt)).get("campaigns").get(0);
            JsonNode c = json(http.get("/v3/emails/" + first.get("campaign_id").asText(), jwt));
            assertEquals(first.get("name"), c.get("name"));
            Set<String> roles = new HashSet<>();
            c.get("campaign_activities").forEach(a -> {
                roles.add(a.get("role").asText());
                assertNotNull(a.get("campaign_activity_id"));
            });
            assertEquals(Set.of("primary_email", "permalink"), roles);
            HttpResponse<String> missing = http.get("/v3/emails/8987dc1a-48ef-433a-b836-7ca4f9aa3481", jwt);
            assertEquals(404, missing.statusCode());
            assertTrue(json(missing).isArray());
        }
    }

    @Test
    void theSameSeedAndStartGiveTheSameAccountAndAnotherSeedAnotherOne() {
        String a;
        String b;
        String c;
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().seed(7).build())) {
            TestHttp http = new TestHttp(sb);
            a = http.get("/v3/emails?limit=500", http.login("campaign_data").get("access_token").asText()).body();
        }
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().seed(7).build())) {
            TestHttp http = new TestHttp(sb);
            b = http.get("/v3/emails?limit=500", http.login("campaign_data").get("access_token").asText()).body();
        }
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().seed(8).build())) {
            TestHttp http = new TestHttp(sb);
            c = http.get("/v3/emails?limit=500", http.login("campaign_data").get("access_token").asText()).body();
        }
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    @Test
    void accountSummaryShowsTheDemoOrganizationAndItsEncodedAccountId() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("account_read").get("access_token").asText();
            JsonNode s = json(http.get("/v3/account/summary", jwt));
            assertEquals("Riverside Coffee Roasters", s.get("organization_name").asText());
            assertTrue(s.get("encoded_account_id").asText().matches("[a-z0-9]{12}"));
            assertFalse(s.has("physical_address"));
            JsonNode withAddress = json(http.get("/v3/account/summary?extra_fields=physical_address", jwt));
            assertEquals("Portland", withAddress.get("physical_address").get("city").asText());
        }
    }
}
