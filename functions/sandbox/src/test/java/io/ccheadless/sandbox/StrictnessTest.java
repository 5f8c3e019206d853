package io.ccheadless.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.*;

/** Each ApiStrictness switch does what real CC may do, and is off by default. */
class StrictnessTest {
    private static final String SUMMARIES = "/v3/reports/summary_reports/email_campaign_summaries";

    static CcSandbox start(ApiStrictness strict, int campaigns) {
        return CcSandbox.start(Sandboxes.quiet().campaigns(campaigns).strictness(strict).build());
    }

    @Test
    void emptyListsAreLeftOutOnlyWhenSwitchedOn() {
        for (ApiStrictness s : List.of(ApiStrictness.LENIENT, ApiStrictness.REAL_CC)) {
            try (CcSandbox sb = start(s, 0)) {
                TestHttp http = new TestHttp(sb);
                String jwt = http.login("campaign_data").get("access_token").asText();
                JsonNode summaries = json(http.get(SUMMARIES, jwt));
                JsonNode emails = json(http.get("/v3/emails", jwt));
                assertEquals(!s.omitEmptyLists(), summaries.has("bulk_email_campaign_summaries"), s.toString());
                assertEquals(!s.omitEmptyLists(), emails.has("campaigns"), s.toString());
            }
        }
    }

    @Test
    void offsetCursorsShiftWhenARowAboveIsDeletedAndSummariesDateToTheMinute() {
        try (CcSandbox sb = start(ApiStrictness.REAL_CC, 60)) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            JsonNode first = json(http.get(SUMMARIES + "?limit=5", jwt));
            String next = first.path("_links").path("next").path("href").asText();
            List<String> expectedNext = ids(json(http.get(next, jwt)));
            for (JsonNode row : first.get("bulk_email_campaign_summaries")) {
                Instant t = Instant.parse(row.get("last_sent_date").asText());
                assertEquals(t.truncatedTo(ChronoUnit.MINUTES), t, "to the minute");
            }
            sb.control().removeCampaign(first.get("bulk_email_campaign_summaries").get(0).get("campaign_id").asText());
            List<String> shifted = ids(json(http.get(next, jwt)));
            assertEquals(expectedNext.subList(1, 5), shifted.subList(0, 4), "the old cursor now skips a row");
        }
    }

    @Test
    void aReSendIsAResendActivityWithItsOwnHistoryAndMovesTheLastSendDate() {
        try (CcSandbox sb = start(ApiStrictness.REAL_CC, 0)) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            String id = sb.control().createCampaign("Spring Blend");
            sb.control().sendCampaign(id);
            sb.control().advanceClock(Duration.ofHours(2).plusSeconds(13).plusMillis(250));
            Instant resentAt = sb.clock().now().truncatedTo(ChronoUnit.MILLIS);
            String activity = sb.control().resendCampaign(id);

            JsonNode campaign = json(http.get("/v3/emails/" + id, jwt));
            List<String> roles = new ArrayList<>();
            campaign.get("campaign_activities").forEach(a -> roles.add(a.get("role").asText()));
            assertEquals(Set.of("primary_email", "permalink", "resend"), Set.copyOf(roles));
            JsonNode history = json(http.get("/v3/emails/activities/" + activity + "/send_history", jwt));
            assertEquals(1, history.size());
            assertEquals(1, history.get(0).get("send_id").asInt());
            assertEquals(resentAt, Instant.parse(history.get(0).get("run_date").asText()), "run dates keep seconds");
            JsonNode row = json(http.get(SUMMARIES, jwt)).get("bulk_email_campaign_summaries").get(0);
            assertEquals(resentAt.truncatedTo(ChronoUnit.MINUTES), Instant.parse(row.get("last_sent_date").asText()));
        }
    }

    @Test
    void aMissingPrivilegeIsA403NamingIt() {
        try (CcSandbox sb = start(ApiStrictness.REAL_CC.withMissingPrivileges(Set.of("ui:campaign:metrics")), 5)) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            var r = http.get(SUMMARIES, jwt);
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("'ui:campaign:metrics' privilege"), r.body());
            assertEquals(200, http.get("/v3/emails", jwt).statusCode(), "campaign:read is held");
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("bulk_email_campaign_summaries").forEach(r -> out.add(r.get("campaign_id").asText()));
        return out;
    }

    @Test
    void aWrongMethodIsA405ThatNamesTheAllowedOnes() throws Exception {
        try (CcSandbox sb = start(ApiStrictness.LENIENT, 0); var client = java.net.http.HttpClient.newHttpClient()) {
            var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sb.baseUri() + SUMMARIES))
                    .method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode());
            assertEquals(java.util.Optional.of("GET"), r.headers().firstValue("Allow"));
        }
    }
}
