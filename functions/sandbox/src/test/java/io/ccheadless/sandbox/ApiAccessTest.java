package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiAccessTest {
    private static final String UNAUTHORIZED = "{\"error_key\":\"unauthorized\",\"error_message\":\"Unauthorized\"}";

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertEquals(401, r.statusCode());
        assertEquals(UNAUTHORIZED, r.body());
        assertEquals("Bearer realm=api.cc.email", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void missingOrForgedTokensGet401WithCcsBodyAndHeader() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            assertUnauthorized(http.get("/v3/emails"));
            assertUnauthorized(http.get("/v3/emails", "not-a-jwt"));
            String jwt = http.login("campaign_data").get("access_token").asText();
            String[] p = jwt.split("\\.");
            assertUnauthorized(http.get("/v3/emails", p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 4) + "AAAA"));
            assertEquals(200, http.get("/v3/emails", jwt).statusCode());
        }
    }

    @Test
    void aTokenFromAnotherSandboxIsRejected() {
        try (CcSandbox a = CcSandbox.start(Sandboxes.quiet().build());
             CcSandbox b = CcSandbox.start(Sandboxes.quiet().build())) {
            String fromA = new TestHttp(a).login("campaign_data").get("access_token").asText();
            assertUnauthorized(new TestHttp(b).get("/v3/emails", fromA));
        }
    }

    @Test
    void accessTokensExpireAfter24HoursOnTheSandboxClock() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            sb.clock().advance(Duration.ofHours(24).minusSeconds(1));
            assertEquals(200, http.get("/v3/emails", jwt).statusCode());
            sb.clock().advance(Duration.ofSeconds(1));
            assertUnauthorized(http.get("/v3/emails", jwt));
        }
    }

    @Test
    void missingScopeIs403WithAnErrorArray() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String accountOnly = http.login("account_read").get("access_token").asText();
            HttpResponse<String> r = http.get("/v3/emails", accountOnly);
            assertEquals(403, r.statusCode());
            assertTrue(json(r).isArray());
            assertTrue(json(r).get(0).has("error_key") && json(r).get(0).has("error_message"));
            String campaignOnly = http.login("campaign_data").get("access_token").asText();
            assertEquals(403, http.get("/v3/account/summary", campaignOnly).statusCode());
            assertEquals(200, http.get("/v3/account/summary", accountOnly).statusCode());
        }
    }

    @Test
    void moreThanFourRequestsPerSecondPerClientAreThrottled() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            for (int i = 0; i < 4; i++) {
                assertEquals(200, http.get("/v3/emails?limit=1", jwt).statusCode());
            }
            HttpResponse<String> fifth = http.get("/v3/emails?limit=1", jwt);
            assertEquals(429, fifth.statusCode());
            assertEquals("{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}", fifth.body());
            assertTrue(fifth.headers().firstValue("Retry-After").isEmpty());
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals(200, http.get("/v3/emails?limit=1", jwt).statusCode());
            assertEquals(6, sb.counters().totalApiRequests());
            assertEquals(6, sb.counters().requests(SandboxRoutes.EMAILS));
        }
    }

    @Test
    void aKeyWithRaisedLimitsIsThrottledAtItsOwnLimitAndThePeaksCountOnTheSandboxClock() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).apiLimits(10, 250_000).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            for (int i = 0; i < 10; i++) {
                assertEquals(200, http.get("/v3/emails?limit=1", jwt).statusCode());
            }
            assertEquals(429, http.get("/v3/emails?limit=1", jwt).statusCode(), "the 11th within one second");
            assertEquals(429, http.get("/v3/emails?limit=1", jwt).statusCode());
            assertEquals(10, sb.counters().peakPerSecond(sb.clientId()), "admitted: at most the limit");
            assertEquals(12, sb.counters().peakOfferedPerSecond(sb.clientId()), "offered: the refused ones too");
            sb.clock().advance(Duration.ofSeconds(1));   // the sandbox clock, not real time, opens the next second
            assertEquals(200, http.get("/v3/emails?limit=1", jwt).statusCode());
            assertEquals(12, sb.counters().peakOfferedPerSecond(sb.clientId()));
        }
    }

    @Test
    void retryAfterIsSentOn429OnlyWhenConfigured() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).retryAfterOn429(true).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            HttpResponse<String> last = null;
            for (int i = 0; i < 5; i++) {
                last = http.get("/v3/emails?limit=1", jwt);
            }
            assertEquals(429, last.statusCode());
            assertEquals("1", last.headers().firstValue("Retry-After").orElseThrow());
        }
    }

    @Test
    void theDailyQuotaOf10000GivesQuotaExceededUntilMidnightUtc() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().apiRateLimit(true).build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            int ok = 0;
            for (int i = 0; i < 10_000; i++) {
                if (i % 4 == 0) {
                    sb.clock().advance(Duration.ofMillis(1_000));
                }
                ok += http.get("/v3/emails/does-not-exist", jwt).statusCode() == 404 ? 1 : 0;
            }
            assertEquals(10_000, ok);
            sb.clock().advance(Duration.ofSeconds(1));
            HttpResponse<String> over = http.get("/v3/emails?limit=1", jwt);
            assertEquals(429, over.statusCode());
            assertEquals("{\"error_key\":\"quota_exceeded\",\"error_message\":\"Limit Exceeded\"}", over.body());
            sb.clock().set(java.time.Instant.parse("2026-03-12T00:00:00Z"));
            jwt = http.login("campaign_data").get("access_token").asText();
            assertEquals(200, http.get("/v3/emails?limit=1", jwt).statusCode());
        }
    }
}
