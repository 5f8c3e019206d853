package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.sandbox.api.ApiRoute;
import io.ccheadless.sandbox.api.V3Api;
import io.ccheadless.sandbox.auth.Scopes;
import io.ccheadless.sandbox.http.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z_]+)}");
    /** Query strings that make a success answer carry its optional parts too. */
    private static final Map<String, String> FULL_ANSWER = Map.of(
            "/account/summary", "?extra_fields=physical_address,company_logo",
            "/emails/activities/{campaign_activity_id}",
            "?include=physical_address_in_footer,permalink_url,html_content,document_properties");
    /** A request the sandbox answers 400, per route: a bad query, or (stats) too many ids. */
    private static final Map<String, String> BAD_REQUEST = Map.of(
            "/account/summary", "?extra_fields=bogus",
            "/emails", "?limit=0",
            "/emails/activities/{campaign_activity_id}", "?include=bogus",
            "/reports/summary_reports/email_campaign_summaries", "?limit=0");
    /**
     * Documented statuses the route-table test does not make the sandbox answer, each with why; docs/cc-api.md §8.2
     * lists them too. 429 is proven per route by {@link #throttledAndQuotaBodiesHaveTheAuthorizationErrorShape}.
     */
    private static final Map<String, String> NOT_PRODUCED = Map.ofEntries(
            Map.entry("500", "a server fault: the sandbox answers it only by fault injection (FaultInjectionTest)"),
            Map.entry("503", "a server fault: the sandbox answers it only by fault injection (FaultInjectionTest)"),
            Map.entry("415", "about a request body's media type, and these GET routes take no body"),
            Map.entry("429", "proven per route by throttledAndQuotaBodiesHaveTheAuthorizationErrorShape"),
            Map.entry("GET /emails 404", "a list has nothing to miss: the sandbox answers an empty page"),
            Map.entry("GET /reports/summary_reports/email_campaign_summaries 404",
                    "a list has nothing to miss: the sandbox answers an empty page"),
            Map.entry("GET /emails/{campaign_id} 400", "the only input is the id, and an unknown id is a 404"),
            Map.entry("GET /emails/activities/{campaign_activity_id}/send_history 400",
                    "the only input is the id, and an unknown id is a 404"),
            Map.entry("GET /reports/email_reports/{campaign_activity_id}/links 400",
                    "no bad-input probe yet: the link report is being added beside this test; give it one in"
                            + " BAD_REQUEST once its answer to a bad no_clicks is settled"));

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
        assertTrue(p.stream().anyMatch(s -> s.startsWith("/campaigns/0/campaign_id type:")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("/campaigns/0/created_at format:")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("additionalProperties") && s.contains("nmae")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("/_links/next/href type:")), p::toString);
        JsonNode noFrom = TestHttp.MAPPER.readTree("{\"subject\":\"s\",\"from_name\":\"n\",\"reply_to_email\":\"r\"}");
        List<String> q = contract.validate(noFrom, op("/emails/activities/{campaign_activity_id}", "200"));
        assertTrue(q.stream().anyMatch(s -> s.contains("required") && s.contains("from_email")), q::toString);
        List<String> r = contract.validate(TestHttp.MAPPER.readTree("{\"x\":1}"), contract.definition("APIErrorSchema"));
        assertTrue(r.stream().anyMatch(s -> s.equals("/ type: object found, array expected")), r::toString);
        assertTrue(contract.validate(TestHttp.MAPPER.readTree("[{\"error_key\":\"k\",\"error_message\":\"m\"}]"),
                contract.definition("APIErrorSchema")).isEmpty());
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
                        if (json(c).get("current_status").asText().equals("Done")) {
                            conforms("links", http.get("/v3/reports/email_reports/" + aid + "/links?no_clicks=true", jwt),
                                    200, op("/reports/email_reports/{campaign_activity_id}/links", "200"));
                        }
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
            conforms("partner accounts 401", http.get("/v3/partner/accounts", jwt), 401, authError);
            conforms("pass-through 401", http.postJson("/v3/partner/accounts/" + accountId + "/account_operations/sync",
                    "{}", Map.of("x-api-key", sb.clientId())), 401, authError);
        }
        assertFalse(contract.version().isBlank());
        assertTrue(problems.isEmpty(), () -> problems.size() + " contract violations:\n" + String.join("\n",
                problems.subList(0, Math.min(40, problems.size()))));
    }

    /** The routes V3Api serves, read from its table so that a route added there is checked here too. */
    private static List<ApiRoute> routes() {
        return new V3Api(new Json(), LimitPolicy.REJECT).operations();
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PATH_PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                fail("no value for path parameter {" + m.group(1) + "} of " + template + "; add one to the test");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    @Test
    void everyRouteInTheV3TableAnswersEachDocumentedStatusInTheContractsShape() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().campaigns(30).build())) {
            TestHttp http = new TestHttp(sb);
            String full = http.login("campaign_data account_read").get("access_token").asText();
            String accountOnly = http.login("account_read").get("access_token").asText();
            String campaignOnly = http.login("campaign_data").get("access_token").asText();
            Map<String, String> ids = new java.util.HashMap<>();
            for (JsonNode c : json(http.get("/v3/emails?limit=500", full)).get("campaigns")) {
                if (ids.isEmpty() && c.get("current_status").asText().equals("Done")) {
                    String id = c.get("campaign_id").asText();
                    for (JsonNode a : json(http.get("/v3/emails/" + id, full)).get("campaign_activities")) {
                        if (a.get("role").asText().equals("primary_email")) {
                            ids.put("campaign_id", id);
                            ids.put("campaign_ids", id);
                            ids.put("campaign_activity_id", a.get("campaign_activity_id").asText());
                        }
                    }
                }
            }
            assertFalse(ids.isEmpty(), "the seeded data has a sent campaign");
            Map<String, String> unknown = Map.of("campaign_id", UUID.randomUUID().toString(),
                    "campaign_ids", UUID.randomUUID().toString(), "campaign_activity_id", UUID.randomUUID().toString());
            List<String> unexplained = new ArrayList<>();
            List<ApiRoute> routes = routes();
            int answers = 0;
            for (ApiRoute op : routes) {
                String t = op.template();
                String m = op.method().toLowerCase();
                String what = op.method() + " " + t;
                List<String> statuses = contract.documentedStatuses(t, m);
                assertTrue(statuses.contains("200"), what + " is in the contract with a success answer");
                String path = "/v3" + fill(t, ids);
                for (String status : statuses) {
                    String why = NOT_PRODUCED.getOrDefault(what + " " + status, NOT_PRODUCED.get(status));
                    answers++;
                    switch (status) {
                        case "200" -> conforms(what + " 200", http.get(path + FULL_ANSWER.getOrDefault(t, ""), full), 200,
                                contract.responseSchema(t, m, "200"));
                        case "401" -> conforms(what + " 401", http.get(path), 401,
                                contract.definition("AuthorizationErrorSchema"));
                        case "403" -> conforms(what + " 403", http.get(path,
                                op.scope().equals(Scopes.ACCOUNT_READ) ? campaignOnly : accountOnly), 403,
                                contract.definition("APIErrorSchema"));
                        case "404" -> {
                            if (PATH_PARAM.matcher(t).find()) {
                                conforms(what + " 404", http.get("/v3" + fill(t, unknown), full), 404,
                                        contract.definition("APIErrorSchema"));
                            } else if (why == null) {
                                unexplained.add(what + " 404");
                            }
                        }
                        case "400" -> {
                            String bad = t.equals("/reports/stats/email_campaigns/{campaign_ids}")
                                    ? "/v3/reports/stats/email_campaigns/" + String.join(",", java.util.stream.Stream
                                            .generate(() -> UUID.randomUUID().toString()).limit(151).toList())
                                    : BAD_REQUEST.get(t) == null ? null : path + BAD_REQUEST.get(t);
                            if (bad != null) {
                                conforms(what + " 400", http.get(bad, full), 400, contract.definition("APIErrorSchema"));
                            } else if (why == null) {
                                unexplained.add(what + " 400");
                            }
                        }
                        default -> {
                            answers--;
                            if (why == null) {
                                unexplained.add(what + " " + status);
                            }
                        }
                    }
                }
            }
            System.out.println("contract route table: " + routes.size() + " routes, " + answers
                    + " documented answers checked against the contract");
            assertTrue(unexplained.isEmpty(), () -> "documented statuses neither produced nor explained in NOT_PRODUCED: "
                    + unexplained);
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " contract violations:\n" + String.join("\n",
                problems.subList(0, Math.min(40, problems.size()))));
    }

    @Test
    void throttledAndQuotaBodiesHaveTheAuthorizationErrorShape() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data account_read").get("access_token").asText();
            Map<String, String> ids = Map.of("campaign_id", UUID.randomUUID().toString(),
                    "campaign_ids", UUID.randomUUID().toString(), "campaign_activity_id", UUID.randomUUID().toString());
            int throttled = 0;
            for (ApiRoute op : routes()) {
                sb.clock().advance(java.time.Duration.ofSeconds(1));
                HttpResponse<String> last = null;
                for (int i = 0; i < 5; i++) {
                    last = http.get("/v3" + fill(op.template(), ids), jwt);
                }
                // every route shares the account's 4/s limit, documented or not (docs/cc-api.md §8.2)
                conforms(op.method() + " " + op.template() + " 429", last, 429,
                        contract.definition("AuthorizationErrorSchema"));
                throttled++;
            }
            assertEquals(routes().size(), throttled);
            assertTrue(problems.isEmpty(), problems::toString);
        }
    }
}
