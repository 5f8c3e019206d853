package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeviceFlowTest {
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private static JsonNode start(TestHttp http, CcSandbox sb) {
        HttpResponse<String> r = http.postForm("/oauth2/default/v1/device/authorize",
                map("client_id", sb.clientId(), "scope", "contact_data campaign_data offline_access"), null, null);
        assertEquals(200, r.statusCode(), r::body);
        return json(r);
    }

    private static HttpResponse<String> poll(TestHttp http, CcSandbox sb, String deviceCode) {
        return http.postForm("/oauth2/default/v1/token",
                map("grant_type", GRANT, "device_code", deviceCode, "client_id", sb.clientId()), null, null);
    }

    private static String error(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), "expected an OAuth error"); // never print a body that may hold tokens
        return json(r).get("error").asText();
    }

    @Test
    void deviceAuthorizeAnswersCodesUrisLifetimeAndInterval() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            JsonNode d = start(new TestHttp(sb), sb);
            assertFalse(d.get("device_code").asText().isBlank());
            assertTrue(d.get("user_code").asText().matches("[A-Z]{4}-[A-Z]{4}"));
            assertEquals(sb.baseUri() + "/activate", d.get("verification_uri").asText());
            assertTrue(d.get("verification_uri_complete").asText().endsWith("user_code=" + d.get("user_code").asText()));
            assertEquals(600, d.get("expires_in").asInt());
            assertEquals(5, d.get("interval").asInt());
        }
    }

    @Test
    void pollingIsPendingUntilTheUserApprovesThenIssuesTokensOnce() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            JsonNode d = start(http, sb);
            String code = d.get("device_code").asText();
            assertEquals("authorization_pending", error(poll(http, sb, code)));
            sb.clock().advance(Duration.ofSeconds(5));
            assertEquals("authorization_pending", error(poll(http, sb, code)));
            assertTrue(sb.control().approveDevice(d.get("user_code").asText()));
            sb.clock().advance(Duration.ofSeconds(5));
            HttpResponse<String> ok = poll(http, sb, code);
            assertEquals(200, ok.statusCode());
            assertTrue(json(ok).has("refresh_token"));
            // a device-flow chain is public: it refreshes with client_id only
            HttpResponse<String> refreshed = http.postForm("/oauth2/default/v1/token", map("grant_type", "refresh_token",
                    "refresh_token", json(ok).get("refresh_token").asText(), "client_id", sb.clientId()), null, null);
            assertEquals(200, refreshed.statusCode());
            sb.clock().advance(Duration.ofSeconds(5));
            assertEquals("invalid_grant", error(poll(http, sb, code)));
        }
    }

    @Test
    void pollingFasterThanTheIntervalGetsSlowDown() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String code = start(http, sb).get("device_code").asText();
            assertEquals("authorization_pending", error(poll(http, sb, code)));
            sb.clock().advance(Duration.ofSeconds(2));
            assertEquals("slow_down", error(poll(http, sb, code)));
            sb.clock().advance(Duration.ofSeconds(5));
            assertEquals("slow_down", error(poll(http, sb, code)), "after slow_down the interval is 10 s");
            sb.clock().advance(Duration.ofSeconds(15)); // each slow_down adds 5 s (RFC 8628): now 15 s
            assertEquals("authorization_pending", error(poll(http, sb, code)));
        }
    }

    @Test
    void deniedAndExpiredCodesAreReported() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            JsonNode denied = start(http, sb);
            assertTrue(sb.control().denyDevice(denied.get("user_code").asText()));
            assertEquals("access_denied", error(poll(http, sb, denied.get("device_code").asText())));
            JsonNode late = start(http, sb);
            sb.clock().advance(Duration.ofMinutes(10));
            assertEquals("expired_token", error(poll(http, sb, late.get("device_code").asText())));
            assertFalse(sb.control().approveDevice(late.get("user_code").asText()), "an expired code cannot be approved");
            assertEquals("invalid_grant", error(poll(http, sb, "no-such-device-code")));
        }
    }

    @Test
    void visitingTheVerificationLinkApprovesUnderAutoApprove() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            JsonNode d = start(http, sb);
            String complete = d.get("verification_uri_complete").asText();
            assertEquals(200, http.get(complete.substring(sb.baseUri().toString().length())).statusCode());
            assertEquals(200, poll(http, sb, d.get("device_code").asText()).statusCode());
        }
    }

    @Test
    void unknownClientCannotStartADeviceAuthorization() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            HttpResponse<String> r = new TestHttp(sb).postForm("/oauth2/default/v1/device/authorize",
                    map("client_id", "nobody", "scope", "campaign_data"), null, null);
            assertEquals(401, r.statusCode());
            assertEquals("invalid_client", json(r).get("error").asText());
        }
    }
}
