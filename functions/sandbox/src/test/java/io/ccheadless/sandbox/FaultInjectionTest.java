package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccheadless.sandbox.faults.BodyFault;
import io.ccheadless.sandbox.faults.FaultRule;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void droppedRefreshResponseStillRotatedTheToken() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            sb.control().injectFault(SandboxRoutes.TOKEN, FaultRule.dropResponseAfterProcessing().times(1));
            assertThrows(UncheckedIOException.class, () -> http.refresh(gen1), "the connection closes unanswered");
            HttpResponse<String> retry = http.refresh(gen1);
            assertEquals(400, retry.statusCode(), "the rotation took effect, so the retried token is dead");
            assertEquals("invalid_grant", json(retry).get("error").asText());
            SandboxCounters c = sb.counters();
            assertEquals(1, c.successfulRefreshes());
            assertEquals(RedemptionOutcome.SUCCEEDED_RESPONSE_DROPPED, c.redemptions().get(0).outcome());
            assertEquals(2, c.redemptions().get(0).issuedGeneration());
        }
    }

    @Test
    void aGraceWindowRescuesTheRetryAfterADroppedResponse() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().refreshMode(RefreshTokenMode.ROTATING_GRACE)
                .graceWindow(Duration.ofSeconds(30)).build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            sb.control().injectFault(SandboxRoutes.TOKEN, FaultRule.dropResponseAfterProcessing().times(1));
            assertThrows(UncheckedIOException.class, () -> http.refresh(gen1));
            sb.clock().advance(Duration.ofSeconds(3));
            HttpResponse<String> retry = http.refresh(gen1);
            assertEquals(200, retry.statusCode());
            assertEquals(3, sb.counters().redemptions().get(1).issuedGeneration());
        }
    }

    @Test
    void injectedErrorsAnswerInsteadOfTheHandlerForTheGivenNumberOfRequests() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data offline_access").get("access_token").asText();
            sb.control().injectFault(SandboxRoutes.EMAILS, FaultRule.errors(1.0, 503).times(2));
            HttpResponse<String> first = http.get("/v3/emails", jwt);
            assertEquals(503, first.statusCode());
            assertTrue(json(first).isArray());
            assertEquals(503, http.get("/v3/emails", jwt).statusCode());
            assertEquals(200, http.get("/v3/emails", jwt).statusCode());
            assertEquals(3, sb.counters().requests(SandboxRoutes.EMAILS));

            sb.control().injectFault(SandboxRoutes.SUMMARIES, FaultRule.errors(1.0, 429).times(1));
            HttpResponse<String> throttled = http.get("/v3/reports/summary_reports/email_campaign_summaries", jwt);
            assertEquals(429, throttled.statusCode());
            assertEquals("throttled", json(throttled).get("error_key").asText());
        }
    }

    @Test
    void anInjectedErrorOnTheTokenEndpointIsCountedAsARefreshAttemptAndConsumesNothing() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String gen1 = http.login("campaign_data offline_access").get("refresh_token").asText();
            sb.control().injectFault(SandboxRoutes.TOKEN, FaultRule.errors(1.0, 500).times(1));
            HttpResponse<String> failed = http.refresh(gen1);
            assertEquals(500, failed.statusCode());
            assertEquals("server_error", json(failed).get("error").asText());
            assertEquals(RedemptionOutcome.FAULT_INJECTED, sb.counters().redemptions().get(0).outcome());
            assertEquals(200, http.refresh(gen1).statusCode());
            assertEquals(2, sb.counters().refreshRedemptions());
        }
    }

    @Test
    void errorRateDrawsAreDeterministicForASeed() {
        List<Integer> a = statuses(11);
        List<Integer> b = statuses(11);
        assertEquals(a, b);
        assertTrue(a.contains(502) && a.contains(200), a.toString());
    }

    private static List<Integer> statuses(long seed) {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().seed(seed).build())) {
            sb.control().injectFault(SandboxRoutes.KEYS, FaultRule.errors(0.5, 502));
            TestHttp http = new TestHttp(sb);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                out.add(http.get("/oauth2/default/v1/keys").statusCode());
            }
            return out;
        }
    }

    @Test
    void latencyDelaysTheAnswer() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            sb.control().injectFault(SandboxRoutes.KEYS, FaultRule.latency(Duration.ofMillis(300)));
            long start = System.nanoTime();
            assertEquals(200, new TestHttp(sb).get("/oauth2/default/v1/keys").statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
        }
    }

    @Test
    void malformedAndTruncatedBodiesBreakTheClientsParsing() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            sb.control().injectFault(SandboxRoutes.EMAILS, FaultRule.body(BodyFault.MALFORMED).times(1));
            HttpResponse<String> malformed = http.get("/v3/emails", jwt);
            assertEquals(200, malformed.statusCode());
            assertThrows(UncheckedIOException.class, () -> json(malformed));
            sb.control().injectFault(SandboxRoutes.EMAILS, FaultRule.body(BodyFault.TRUNCATED).times(1));
            assertThrows(UncheckedIOException.class, () -> http.get("/v3/emails", jwt));
            assertEquals(200, http.get("/v3/emails", jwt).statusCode(), "rules limited by times() are spent");
        }
    }

    @Test
    void clearingFaultsRestoresNormalAnswers() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            sb.control().injectFault(SandboxRoutes.KEYS, FaultRule.errors(1.0, 503));
            TestHttp http = new TestHttp(sb);
            assertEquals(503, http.get("/oauth2/default/v1/keys").statusCode());
            sb.control().clearFaults();
            assertEquals(200, http.get("/oauth2/default/v1/keys").statusCode());
        }
    }

    @Test
    void faultRulesRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> FaultRule.errors(1.5, 503));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.errors(0.5, 404));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.latency(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.errors(0.5, 503).times(0));
    }
}
