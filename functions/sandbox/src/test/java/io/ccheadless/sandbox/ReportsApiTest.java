package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ReportsApiTest {
    private static final String SUMMARIES = "/v3/reports/summary_reports/email_campaign_summaries";

    @Test
    void summariesCoverOnlySentCampaignsNewestSendFirstWithAllUniqueCounts() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(40).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            List<JsonNode> summaries = EmailsApiTest.allPages(http, jwt, SUMMARIES + "?limit=9", "bulk_email_campaign_summaries");
            Set<String> done = EmailsApiTest.allPages(http, jwt, "/v3/emails?limit=500", "campaigns").stream()
                    .filter(c -> c.get("current_status").asText().equals("Done"))
                    .map(c -> c.get("campaign_id").asText()).collect(Collectors.toSet());
            assertEquals(done, summaries.stream().map(s -> s.get("campaign_id").asText()).collect(Collectors.toSet()));
            Instant previous = Instant.MAX;
            for (JsonNode s : summaries) {
                Instant sent = Instant.parse(s.get("last_sent_date").asText());
                assertFalse(sent.isAfter(previous));
                previous = sent;
                JsonNode u = s.get("unique_counts");
                Set<String> keys = new HashSet<>();
                u.fieldNames().forEachRemaining(keys::add);
                assertEquals(Set.of("sends", "opens", "clicks", "forwards", "optouts", "abuse", "bounces", "not_opened"), keys);
                assertTrue(u.get("sends").intValue() > 0);
                assertEquals(Math.max(0, u.get("sends").intValue() - u.get("opens").intValue() - u.get("bounces").intValue()),
                        u.get("not_opened").intValue());
                assertFalse(s.get("campaign_type").asText().isBlank());
            }
        }
    }

    @Test
    void summariesCarryAggregatePercentsAsAnObjectAndDefaultTo50PerPage() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(120).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            JsonNode page = json(http.get(SUMMARIES, jwt));
            assertEquals(50, page.get("bulk_email_campaign_summaries").size());
            JsonNode p = page.get("aggregate_percents");
            assertTrue(p.isObject());
            for (String k : List.of("click", "open", "did_not_open", "bounce", "unsubscribe")) {
                assertTrue(p.get(k).isNumber(), k);
            }
            assertTrue(p.get("open").doubleValue() > 10 && p.get("open").doubleValue() < 60);
            assertTrue(page.get("_links").get("next").get("href").asText().startsWith(SUMMARIES + "?cursor="));
            assertEquals(400, http.get(SUMMARIES + "?limit=501", jwt).statusCode());
        }
    }

    @Test
    void statsGrowAsTheSandboxClockAdvancesAfterASend() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String id = sb.control().createCampaign("Spring Espresso Launch");
            sb.control().sendCampaign(id);
            String jwt = http.login("campaign_data").get("access_token").asText();
            JsonNode at0 = statsOf(http, jwt, id);
            assertEquals(0, at0.get("em_opens").intValue());
            assertTrue(at0.get("em_sends").intValue() > 0);
            sb.clock().advance(Duration.ofHours(2));
            JsonNode at2h = statsOf(http, jwt, id);
            sb.clock().advance(Duration.ofDays(3));
            jwt = http.login("campaign_data").get("access_token").asText(); // the first one expired after 24 h
            JsonNode at3d = statsOf(http, jwt, id);
            for (String k : List.of("em_opens", "em_clicks", "em_bounces", "em_forwards", "em_optouts")) {
                assertTrue(at2h.get(k).intValue() <= at3d.get(k).intValue(), k);
            }
            assertTrue(at0.get("em_opens").intValue() < at2h.get("em_opens").intValue());
            assertTrue(at2h.get("em_opens").intValue() < at3d.get("em_opens").intValue());
            assertTrue(at2h.get("em_clicks").intValue() < at3d.get("em_clicks").intValue());
            assertEquals(at3d.get("em_sends"), at0.get("em_sends"));
            // the summary report shows the same numbers
            JsonNode first = json(http.get(SUMMARIES + "?limit=1", jwt)).get("bulk_email_campaign_summaries").get(0);
            assertEquals(id, first.get("campaign_id").asText());
            assertEquals(at3d.get("em_opens").intValue(), first.get("unique_counts").get("opens").intValue());
        }
    }

    private static JsonNode statsOf(TestHttp http, String jwt, String id) {
        HttpResponse<String> r = http.get("/v3/reports/stats/email_campaigns/" + id, jwt);
        assertEquals(200, r.statusCode(), r::body);
        JsonNode result = json(r).get("results").get(0);
        assertEquals(id, result.get("campaign_id").asText());
        assertTrue(result.get("percents").has("open"));
        return result.get("stats");
    }

    @Test
    void statsForSeveralIdsAnswerEachAndOneUnknownIdMakesTheWholeCall404() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            List<String> ids = StreamSupport.stream(json(http.get("/v3/emails?limit=5", jwt)).get("campaigns").spliterator(), false)
                    .map(c -> c.get("campaign_id").asText()).toList();
            JsonNode ok = json(http.get("/v3/reports/stats/email_campaigns/" + String.join(",", ids), jwt));
            assertEquals(5, ok.get("results").size());
            HttpResponse<String> oneBad = http.get("/v3/reports/stats/email_campaigns/" + ids.get(0)
                    + ",00000000-0000-4000-8000-000000000000", jwt);
            assertEquals(404, oneBad.statusCode());
            String tooMany = String.join(",", java.util.Collections.nCopies(151, ids.get(0)).stream()
                    .map(x -> java.util.UUID.randomUUID().toString()).toList());
            assertEquals(400, http.get("/v3/reports/stats/email_campaigns/" + tooMany, jwt).statusCode());
        }
    }

    @Test
    void theLinkReportCarriesTheCampaignsClicksListsUnclickedLinksOnRequestAndLeavesAnEmptyListOutWhenStrict() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().strictness(ApiStrictness.REAL_CC).build())) {
            TestHttp http = new TestHttp(sb);
            String id = sb.control().createCampaign("Spring Espresso Launch");
            sb.control().sendCampaign(id);
            String jwt = http.login("campaign_data").get("access_token").asText();
            String activity = json(http.get("/v3/emails/" + id, jwt)).get("campaign_activities").get(0)
                    .get("campaign_activity_id").asText();
            String links = "/v3/reports/email_reports/" + activity + "/links";
            JsonNode fresh = json(http.get(links, jwt));
            assertEquals(activity, fresh.get("campaign_activity_id").asText());
            assertFalse(fresh.has("link_click_counts"), "nothing clicked yet: the empty list left out");
            assertEquals(2, json(http.get(links + "?no_clicks=true", jwt)).get("link_click_counts").size());
            assertEquals(400, http.get(links + "?no_clicks=maybe", jwt).statusCode());

            sb.clock().advance(Duration.ofDays(2));
            jwt = http.login("campaign_data").get("access_token").asText();
            int clicks = statsOf(http, jwt, id).get("em_clicks").intValue();
            assertTrue(clicks > 0);
            JsonNode counts = json(http.get(links, jwt)).get("link_click_counts");
            int most = 0;
            int sum = 0;
            for (JsonNode l : counts) {
                most = Math.max(most, l.get("unique_clicks").intValue());
                sum += l.get("unique_clicks").intValue();
                assertTrue(l.get("link_url").asText().startsWith("https://"));
            }
            assertEquals(clicks, most, "no link has more unique clickers than the campaign, one has them all");
            assertTrue(sum >= clicks);
            assertEquals(404, http.get("/v3/reports/email_reports/00000000-0000-4000-8000-000000000000/links", jwt)
                    .statusCode());
        }
    }
}
