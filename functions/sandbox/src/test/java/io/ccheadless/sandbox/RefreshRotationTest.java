package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefreshRotationTest {
    private static final String INVALID_GRANT =
            "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is invalid or expired.\"}";

    private static String rt(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        return json(r).get("refresh_token").asText();
    }

    @Test
    void strictRotationKillsTheUsedTokenAtOnceAndKeepsTheNewOne() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            String gen2 = rt(http.refresh(gen1));
            assertNotEquals(gen1, gen2);
            HttpResponse<String> reuse = http.refresh(gen1);
            assertEquals(400, reuse.statusCode());
            assertEquals(INVALID_GRANT, reuse.body());
            String gen3 = rt(http.refresh(gen2));
            assertNotEquals(gen2, gen3);
        }
    }

    @Test
    void strictModeIgnoresAConfiguredGraceWindow() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().graceWindow(Duration.ofSeconds(30)).build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            rt(http.refresh(gen1));
            assertEquals(400, http.refresh(gen1).statusCode());
        }
    }

    @Test
    void countersRecordEveryRedemptionWithFingerprintsAndGenerationsButNeverTheToken() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            String gen2 = rt(http.refresh(gen1));
            http.refresh(gen1);
            SandboxCounters c = sb.counters();
            assertEquals(2, c.refreshRedemptions());
            assertEquals(1, c.successfulRefreshes());
            assertEquals(1, c.invalidGrants());
            assertEquals(3, c.requests(SandboxRoutes.TOKEN));
            List<RefreshRedemption> records = c.redemptions();
            assertEquals(RedemptionOutcome.SUCCEEDED, records.get(0).outcome());
            assertEquals(1, records.get(0).generation());
            assertEquals(2, records.get(0).issuedGeneration());
            assertEquals(RedemptionOutcome.INVALID_GRANT, records.get(1).outcome());
            assertEquals(1, records.get(1).generation());
            assertEquals(records.get(0).tokenFingerprint(), records.get(1).tokenFingerprint());
            assertEquals(Sandboxes.T0, records.get(1).at());
            for (RefreshRedemption r : records) {
                assertFalse(r.toString().contains(gen1) || r.toString().contains(gen2));
                assertEquals(12, r.tokenFingerprint().length());
            }
        }
    }

    @Test
    void concurrentRefreshesOfOneTokenSucceedExactlyOnce() throws Exception {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            int n = 6;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    results.add(pool.submit(() -> {
                        go.await(5, TimeUnit.SECONDS);
                        return http.refresh(gen1).statusCode();
                    }));
                }
                go.countDown();
                int ok = 0;
                for (Future<Integer> f : results) {
                    ok += f.get(10, TimeUnit.SECONDS) == 200 ? 1 : 0;
                }
                assertEquals(1, ok);
                assertEquals(1, sb.counters().successfulRefreshes());
                assertEquals(n - 1, sb.counters().invalidGrants());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void refreshTokensDieAfter180DaysUnused() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String a = http.login("campaign_data offline_access").get("refresh_token").asText();
            String b = http.login("campaign_data offline_access").get("refresh_token").asText();
            sb.clock().advance(Duration.ofDays(180).minusSeconds(1));
            rt(http.refresh(a));
            sb.clock().advance(Duration.ofSeconds(1));
            HttpResponse<String> r = http.refresh(b);
            assertEquals(400, r.statusCode());
            assertEquals(INVALID_GRANT, r.body());
            assertTrue(sb.counters().redemptions().getLast().detail().contains("180"));
        }
    }

    @Test
    void confidentialChainsNeedClientAuthenticationToRefreshAndAFailedAttemptChangesNothing() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            HttpResponse<String> noAuth = http.postForm("/oauth2/default/v1/token",
                    map("grant_type", "refresh_token", "refresh_token", gen1, "client_id", sb.clientId()), null, null);
            assertEquals(401, noAuth.statusCode());
            assertEquals("invalid_client", json(noAuth).get("error").asText());
            HttpResponse<String> badSecret = http.postForm("/oauth2/default/v1/token",
                    map("grant_type", "refresh_token", "refresh_token", gen1), sb.clientId(), "wrong-secret");
            assertEquals(401, badSecret.statusCode());
            rt(http.refresh(gen1));
        }
    }

    @Test
    void graceModeAcceptsThePreviousTokenWithinTheWindowOnly() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().refreshMode(RefreshTokenMode.ROTATING_GRACE)
                .graceWindow(Duration.ofSeconds(30)).build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            String gen2 = rt(http.refresh(gen1));
            sb.clock().advance(Duration.ofSeconds(29));
            String gen3 = rt(http.refresh(gen1));
            assertNotEquals(gen2, gen3);
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals(400, http.refresh(gen1).statusCode(), "30 s after its rotation gen1 is dead");
            rt(http.refresh(gen3));
        }
    }

    @Test
    void familyRevocationKillsTheNewestTokenWhenAUsedOneIsPresented() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().refreshMode(RefreshTokenMode.ROTATING_FAMILY_REVOCATION)
                .build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            String gen2 = rt(http.refresh(gen1));
            assertEquals(INVALID_GRANT, http.refresh(gen1).body());
            HttpResponse<String> newest = http.refresh(gen2);
            assertEquals(400, newest.statusCode());
            assertEquals(INVALID_GRANT, newest.body());
            assertTrue(sb.counters().redemptions().getLast().detail().contains("revoked"));
        }
    }

    @Test
    void longLivedModeReturnsTheSameTokenAndSlidesTheIdleWindow() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().refreshMode(RefreshTokenMode.LONG_LIVED).build())) {
            TestHttp http = new TestHttp(sb);
            String rt = http.login("campaign_data offline_access").get("refresh_token").asText();
            assertEquals(rt, rt(http.refresh(rt)));
            sb.clock().advance(Duration.ofDays(179));
            assertEquals(rt, rt(http.refresh(rt)));
            sb.clock().advance(Duration.ofDays(179));
            assertEquals(rt, rt(http.refresh(rt)), "used within 180 days of its last use, it still works");
            sb.clock().advance(Duration.ofDays(180));
            assertEquals(400, http.refresh(rt).statusCode());
        }
    }

    @Test
    void longLivedOmitModeLeavesRefreshTokenOutAndTheOldOneKeepsWorking() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().refreshMode(RefreshTokenMode.LONG_LIVED_OMIT).build())) {
            TestHttp http = new TestHttp(sb);
            String rt = http.login("campaign_data offline_access").get("refresh_token").asText();
            HttpResponse<String> r = http.refresh(rt);
            assertEquals(200, r.statusCode());
            assertFalse(json(r).has("refresh_token"));
            assertTrue(json(r).has("access_token"));
            assertEquals(200, http.refresh(rt).statusCode());
        }
    }

    @Test
    void revokingAccessThroughControlKillsEveryChainOfTheClient() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String rt = http.login("campaign_data offline_access").get("refresh_token").asText();
            assertEquals(1, sb.control().revokeRefreshTokens(sb.clientId()));
            assertEquals(INVALID_GRANT, http.refresh(rt).body());
        }
    }
}
