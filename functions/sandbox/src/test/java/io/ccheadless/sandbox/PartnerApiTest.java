package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerApiTest {

    static String partnerToken(TestHttp http, CcSandbox sb) {
        HttpResponse<String> r = http.postForm("/partners/oauth2/default/v1/token?grant_type=client_credentials", Map.of(),
                sb.partnerClientId(), sb.partnerClientSecret());
        assertEquals(200, r.statusCode(), r::body);
        JsonNode t = json(r);
        assertEquals(3600, t.get("expires_in").asInt());
        assertEquals("Bearer", t.get("token_type").asText());
        assertFalse(t.has("refresh_token"));
        return t.get("access_token").asText();
    }

    private static HttpResponse<String> get(TestHttp http, CcSandbox sb, String path, String jwt, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sb.baseUri().resolve(path)).header("Authorization", "Bearer " + jwt);
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        return http.send(b.GET().build());
    }

    @Test
    void partnerTokenNeedsPartnerCredentialsAndAFormContentType() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            partnerToken(http, sb);
            assertEquals(401, http.postForm("/partners/oauth2/default/v1/token", map("grant_type", "client_credentials"),
                    sb.clientId(), sb.clientSecret()).statusCode(), "the app's own credentials are not partner credentials");
            HttpResponse<String> noType = http.send(HttpRequest.newBuilder(sb.baseUri()
                    .resolve("/partners/oauth2/default/v1/token?grant_type=client_credentials"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(415, noType.statusCode());
        }
    }

    @Test
    void partnerAccountsPageByServerOffsetsAndFilterByType() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = partnerToken(http, sb);
            List<JsonNode> all = new ArrayList<>();
            String next = "/v3/partner/accounts?limit=10";
            while (next != null) {
                JsonNode page = json(get(http, sb, next, jwt, sb.clientId()));
                page.get("site_owner_list").forEach(all::add);
                JsonNode href = page.path("_links").path("next").path("href");
                next = href.isMissingNode() ? null : href.asText();
                if (next != null) {
                    assertTrue(next.matches("/v3/partner/accounts\\?offset=[A-Za-z0-9+/]+\\*?\\*?&limit=10"), next);
                }
            }
            assertEquals(13, all.size());
            assertTrue(all.stream().allMatch(a -> a.has("encoded_account_id") && a.has("billing_status")
                    && a.has("organization_name") && a.has("site_owner_name") && a.get("subscriber_count").isNumber()));
            int managed = json(get(http, sb, "/v3/partner/accounts?account_type=managed", jwt, sb.clientId()))
                    .get("site_owner_list").size();
            int unmanaged = json(get(http, sb, "/v3/partner/accounts?account_type=unmanaged", jwt, sb.clientId()))
                    .get("site_owner_list").size();
            assertEquals(13, managed + unmanaged);
            assertEquals(13, json(get(http, sb, "/v3/partner/accounts?limit=500", jwt, sb.clientId()))
                    .get("site_owner_list").size(), "an out-of-range limit falls back to 50");
        }
    }

    @Test
    void partnerCallsNeedTheApiKeyAndAPartnerToken() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = partnerToken(http, sb);
            assertEquals(403, get(http, sb, "/v3/partner/accounts", jwt, null).statusCode());
            assertEquals(403, get(http, sb, "/v3/partner/accounts", jwt, "wrong-key").statusCode());
            String userJwt = http.login("campaign_data").get("access_token").asText();
            assertEquals(401, get(http, sb, "/v3/partner/accounts", userJwt, sb.clientId()).statusCode());
            assertEquals(403, http.get("/v3/emails", jwt).statusCode(), "a partner token has no campaign_data scope");
            sb.clock().advance(Duration.ofHours(1));
            assertEquals(401, get(http, sb, "/v3/partner/accounts", jwt, sb.clientId()).statusCode(), "one-hour token");
        }
    }

    @Test
    void passThroughRunsTheInnerCallForAManagedAccountAndReturnsItsBody() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = partnerToken(http, sb);
            String accountId = json(http.get("/v3/account/summary", http.login("account_read").get("access_token").asText()))
                    .get("encoded_account_id").asText();
            Map<String, String> headers = Map.of("Authorization", "Bearer " + jwt, "x-api-key", sb.clientId());
            HttpResponse<String> list = http.postJson("/v3/partner/accounts/" + accountId + "/account_operations/sync", """
                    {"account_operation_url":"/emails","account_operation_method":"GET",
                     "account_operation_query_parameters":[{"query_param_key":"limit","query_param_value":"3"}]}""", headers);
            assertEquals(200, list.statusCode(), list::body);
            assertEquals(3, json(list).get("campaigns").size());
            String campaignId = json(list).get("campaigns").get(0).get("campaign_id").asText();
            HttpResponse<String> one = http.postJson("/v3/partner/accounts/" + accountId + "/account_operations/sync", """
                    {"account_operation_url":"/emails/{campaign_id}","account_operation_method":"GET",
                     "account_operation_path_parameters":[{"path_param_key":"campaign_id","path_param_value":"%s"}]}"""
                    .formatted(campaignId), headers);
            assertEquals(campaignId, json(one).get("campaign_id").asText());
            HttpResponse<String> unknown = http.postJson("/v3/partner/accounts/a07e1nothere/account_operations/sync",
                    "{\"account_operation_url\":\"/emails\",\"account_operation_method\":\"GET\"}", headers);
            assertEquals(404, unknown.statusCode());
            HttpResponse<String> missing = http.postJson("/v3/partner/accounts/" + accountId + "/account_operations/sync",
                    "{\"account_operation_method\":\"GET\"}", headers);
            assertEquals(400, missing.statusCode());
        }
    }

    @Test
    void passThroughReachesOtherManagedChildrenWithTheirOwnCampaigns() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = partnerToken(http, sb);
            Map<String, String> headers = Map.of("Authorization", "Bearer " + jwt, "x-api-key", sb.clientId());
            JsonNode managed = json(get(http, sb, "/v3/partner/accounts?account_type=managed", jwt, sb.clientId()))
                    .get("site_owner_list");
            JsonNode child = managed.get(1);
            HttpResponse<String> summary = http.postJson("/v3/partner/accounts/" + child.get("encoded_account_id").asText()
                    + "/account_operations/sync", "{\"account_operation_url\":\"/account/summary\",\"account_operation_method\":\"GET\"}",
                    headers);
            assertEquals(child.get("organization_name").asText(), json(summary).get("organization_name").asText());
            JsonNode unmanaged = json(get(http, sb, "/v3/partner/accounts?account_type=unmanaged", jwt, sb.clientId()))
                    .get("site_owner_list").get(0);
            assertEquals(403, http.postJson("/v3/partner/accounts/" + unmanaged.get("encoded_account_id").asText()
                    + "/account_operations/sync", "{\"account_operation_url\":\"/emails\",\"account_operation_method\":\"GET\"}",
                    headers).statusCode());
        }
    }

    @Test
    void partnerCallsHaveThePartnerLimitsOfTheirOwnKeyAndTheCountersSeeThem() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).build())) {   // fixed clock: one second
            TestHttp http = new TestHttp(sb);
            String jwt = partnerToken(http, sb);
            for (int i = 0; i < io.ccheadless.sandbox.api.ApiGateway.PARTNER_PER_SECOND; i++) {
                assertEquals(200, get(http, sb, "/v3/partner/accounts", jwt, sb.clientId()).statusCode(), "request " + i);
            }
            HttpResponse<String> over = get(http, sb, "/v3/partner/accounts", jwt, sb.clientId());
            assertEquals(429, over.statusCode());
            assertEquals("throttled", json(over).get("error_key").asText());
            assertEquals(10, sb.counters().peakPerSecond("partner#" + sb.clientId()));
            assertEquals(1, sb.counters().answers(429));
            String userJwt = http.login("campaign_data").get("access_token").asText();
            assertEquals(200, http.send(HttpRequest.newBuilder(sb.baseUri().resolve("/v3/emails"))
                    .header("Authorization", "Bearer " + userJwt).GET().build()).statusCode(),
                    "the standard key's own 4/s is not spent by partner calls");
        }
    }
}
