package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sandbox response body of the emulated endpoints conforms to CC's published contract
 * ({@code docs/cc-api/swagger.yaml}, kept in the repository). Where the file is missing the test fails under CI=true and is skipped
 * (with a plain message) elsewhere.
 */
class SwaggerContractTest {
    private static SwaggerContract contract;

    @BeforeAll
    static void loadContract() throws Exception {
        Optional<Path> file = SwaggerContract.locate();
        if (file.isEmpty()) {
            String msg = "swagger.yaml not found at docs/cc-api/swagger.yaml in the repository"
                    + " (or $CC_SWAGGER_PATH)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + "; CI=true, so the contract test must run");
            }
            System.out.println("SKIPPED contract test: " + msg);
            Assumptions.abort("SKIPPED contract test: " + msg);
        }
        contract = SwaggerContract.load(file.get());
    }

    private final List<String> problems = new ArrayList<>();

    private void conforms(String what, HttpResponse<String> r, int status, JsonNode schema) {
        assertEquals(status, r.statusCode(), () -> what + ": " + r.body());
        for (String p : contract.validate(json(r), schema)) {
            problems.add(what + " " + p);
        }
    }

    private JsonNode op(String path, String status) {
        return contract.responseSchema(path, "get", status);
    }

    @Test
    void theCheckerCatchesWrongTypesMissingRequiredAndUnknownProperties() throws Exception {
        JsonNode bad = TestHttp.MAPPER.readTree("""
                {"campaigns":[{"campaign_id":7,"created_at":"yesterday","nmae":"x"}],"_links":{"next":{"href":null}}}""");
        List<String> p = contract.validate(bad, op("/emails", "200"));
        assertTrue(p.stream().anyMatch(s -> s.contains("campaign_id") && s.contains("expected string")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("created_at") && s.contains("date-time")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("'nmae'")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("href") && s.contains("null")), p::toString);
        JsonNode noFrom = TestHttp.MAPPER.readTree("{\"subject\":\"s\",\"from_name\":\"n\",\"reply_to_email\":\"r\"}");
        assertTrue(contract.validate(noFrom, op("/emails/activities/{campaign_activity_id}", "200")).stream()
                .anyMatch(s -> s.contains("missing required property from_email")));
        assertTrue(contract.validate(TestHttp.MAPPER.readTree("{\"x\":1}"), contract.definition("APIErrorSchema")).stream()
                .anyMatch(s -> s.contains("expected array")));
    }

    @Test
    void everyEmulatedEndpointAnswersBodiesThatConformToSwagger() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(160).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data account_read").get("access_token").asText();

            conforms("account summary", http.get("/v3/account/summary?extra_fields=physical_address", jwt), 200,
                    op("/account/summary", "200"));
            conforms("user privileges", http.get("/v3/account/user/privileges", jwt), 200,
                    op("/account/user/privileges", "200"));

            List<String> ids = new ArrayList<>();
            String next = "/v3/emails?limit=70";
            while (next != null) {
                HttpResponse<String> page = http.get(next, jwt);
                conforms("emails page", page, 200, op("/emails", "200"));
                json(page).get("campaigns").forEach(c -> ids.add(c.get("campaign_id").asText()));
                JsonNode href = json(page).path("_links").path("next").path("href");
                next = href.isMissingNode() ? null : href.asText();
            }
            assertEquals(160, ids.size());
            conforms("filtered emails", http.get("/v3/emails?after_date=2026-01-01T00:00:00.000Z&before_date="
                    + "2026-03-01T00:00:00Z", jwt), 200, op("/emails", "200"));

            for (String id : ids) {
                HttpResponse<String> c = http.get("/v3/emails/" + id, jwt);
                conforms("campaign", c, 200, op("/emails/{campaign_id}", "200"));
                for (JsonNode a : json(c).get("campaign_activities")) {
                    String aid = a.get("campaign_activity_id").asText();
                    HttpResponse<String> act = http.get("/v3/emails/activities/" + aid
                            + "?include=physical_address_in_footer,permalink_url,html_content,document_properties", jwt);
                    if (json(c).get("current_status").asText().equals("Removed")) {
                        conforms("removed activity", act, 404, contract.definition("APIErrorSchema"));
                        continue;
                    }
                    conforms("activity", act, 200, op("/emails/activities/{campaign_activity_id}", "200"));
                    if (a.get("role").asText().equals("primary_email")) {
                        conforms("send history", http.get("/v3/emails/activities/" + aid + "/send_history", jwt), 200,
                                op("/emails/activities/{campaign_activity_id}/send_history", "200"));
                    }
                }
            }

            next = "/v3/reports/summary_reports/email_campaign_summaries?limit=40";
            int summaries = 0;
            while (next != null) {
                HttpResponse<String> page = http.get(next, jwt);
                conforms("summaries page", page, 200, op("/reports/summary_reports/email_campaign_summaries", "200"));
                summaries += json(page).get("bulk_email_campaign_summaries").size();
                JsonNode href = json(page).path("_links").path("next").path("href");
                next = href.isMissingNode() ? null : href.asText();
            }
            assertTrue(summaries > 40);

            conforms("stats for 150 ids", http.get("/v3/reports/stats/email_campaigns/"
                    + String.join(",", ids.subList(0, 150)), jwt), 200, op("/reports/stats/email_campaigns/{campaign_ids}", "200"));

            JsonNode authError = contract.definition("AuthorizationErrorSchema");
            JsonNode apiError = contract.definition("APIErrorSchema");
            conforms("401", http.get("/v3/emails"), 401, authError);
            conforms("403", http.get("/v3/emails", http.login("account_read").get("access_token").asText()), 403, apiError);
            conforms("404", http.get("/v3/emails/00000000-0000-4000-8000-000000000000", jwt), 404, apiError);
            conforms("400", http.get("/v3/emails?limit=0", jwt), 400, apiError);
            conforms("stats 404", http.get("/v3/reports/stats/email_campaigns/00000000-0000-4000-8000-000000000000", jwt),
                    404, apiError);

            String partner = PartnerApiTest.partnerToken(http, sb);
            HttpResponse<String> accounts = http.send(HttpRequest.newBuilder(sb.baseUri().resolve("/v3/partner/accounts?limit=10"))
                    .header("Authorization", "Bearer " + partner).header("x-api-key", sb.clientId()).GET().build());
            conforms("partner accounts", accounts, 200, contract.responseSchema("/partner/accounts", "get", "200"));
            String accountId = json(accounts).get("site_owner_list").get(0).get("encoded_account_id").asText();
            HttpResponse<String> inner = http.postJson("/v3/partner/accounts/" + accountId + "/account_operations/sync",
                    "{\"account_operation_url\":\"/emails\",\"account_operation_method\":\"GET\"}",
                    Map.of("Authorization", "Bearer " + partner, "x-api-key", sb.clientId()));
            conforms("pass-through /emails", inner, 200, op("/emails", "200"));
        }
        assertFalse(contract.version().isBlank());
        assertTrue(problems.isEmpty(), () -> problems.size() + " contract violations:\n" + String.join("\n",
                problems.subList(0, Math.min(40, problems.size()))));
    }

    @Test
    void throttledAndQuotaBodiesHaveTheAuthorizationErrorShape() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            HttpResponse<String> last = null;
            for (int i = 0; i < 5; i++) {
                last = http.get("/v3/emails?limit=1", jwt);
            }
            conforms("429", last, 429, contract.definition("AuthorizationErrorSchema"));
            assertTrue(problems.isEmpty(), problems::toString);
        }
    }
}
