package io.ccheadless.core.api;

import com.sun.net.httpserver.HttpServer;
import io.ccheadless.core.campaigns.CcCampaigns;
import io.ccheadless.core.campaigns.testing.SandboxLogin;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.faults.BodyFault;
import io.ccheadless.sandbox.faults.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/** The CC client against the sandbox's gateway (its rate limiter on its own clock) and a stub for rarer answers. */
class CcApiClientTest {
    static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();
    CcSandbox cc;
    HttpServer stub;

    @AfterEach
    void close() {
        if (cc != null) {
            cc.close();
        }
        if (stub != null) {
            stub.stop(0);
        }
    }

    /** A sandbox whose clock moves only when our client sleeps: its 4/s limiter judges our pacing exactly. */
    CcApiClient limitedSandboxClient(int gatePerSecond, boolean retryAfter) {
        cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(T0)).tokenEndpointRateLimit(false)
                .apiRateLimit(true).retryAfterOn429(retryAfter).campaigns(40).build());
        Clock clock = cc.clock().asClock();
        Sleeper sleeper = d -> {
            sleeps.add(d);
            cc.clock().advance(d);
        };
        return new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), cc.baseUri(), new SandboxLogin(cc),
                new RateGate(gatePerSecond, Duration.ZERO, clock, sleeper), clock, sleeper,
                RandomGenerator.of("L64X128MixRandom"), T0.plus(Duration.ofHours(1)));
    }

    @Test
    void theGateNeverLetsMoreThanFourRequestsIntoAnySecond() throws Exception {
        SteppingClock clock = new SteppingClock(T0);
        RateGate gate = new RateGate(4, clock, clock);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            gate.acquire();
            sent.add(clock.instant());
            clock.advance(Duration.ofMillis(i % 3 == 0 ? 0 : 40));   // some requests answer instantly, some take a while
        }
        for (int i = 4; i < sent.size(); i++) {
            assertTrue(Duration.between(sent.get(i - 4), sent.get(i)).compareTo(Duration.ofSeconds(1)) > 0,
                    "five requests within one second ending at request " + i);
        }
    }

    @Test
    void atFourPerSecondTheSandboxNeverThrottles() {
        try (CcApiClient client = limitedSandboxClient(4, false)) {
            for (int i = 0; i < 30; i++) {
                client.get("/v3/account/summary");
            }
            assertEquals(30, client.requestsMade());
            assertTrue(client.throttledAt().isEmpty(), "no 429 from the sandbox's limiter: " + client.throttledAt());
        }
    }

    @Test
    void throttlingIsBackedOffHonouringRetryAfter() {
        try (CcApiClient client = limitedSandboxClient(50, true)) {   // a gate far above CC's limit
            for (int i = 0; i < 12; i++) {
                assertTrue(client.get("/v3/account/summary").has("organization_name"));
            }
            assertFalse(client.throttledAt().isEmpty(), "the sandbox throttled the fast client");
            assertTrue(sleeps.stream().anyMatch(d -> d.compareTo(Duration.ofSeconds(1)) >= 0),
                    "waited at least the Retry-After of one second: " + sleeps);
            assertEquals(12 + client.throttledAt().size(), client.requestsMade(), "each 429 cost one retry, no more");
        }
    }

    @Test
    void throttlingWithoutRetryAfterBacksOffWithJitter() {
        try (CcApiClient client = limitedSandboxClient(50, false)) {
            for (int i = 0; i < 12; i++) {
                client.get("/v3/account/summary");
            }
            assertFalse(client.throttledAt().isEmpty());
            List<Duration> backoffs = sleeps.stream().filter(d -> d.toMillis() >= 250).toList();
            assertFalse(backoffs.isEmpty(), "backed off: " + sleeps);
            assertTrue(backoffs.stream().allMatch(d -> d.toMillis() <= CcApiClient.MAX_BACKOFF.toMillis()));
        }
    }

    @Test
    void aMalformedBodyIsRetriedNotReadAsAnEmptyPage() {
        try (CcApiClient client = limitedSandboxClient(4, false)) {
            cc.control().injectFault(SandboxRoutes.SUMMARIES, FaultRule.body(BodyFault.MALFORMED).times(1));
            CcCampaigns.SummaryPage page = new CcCampaigns(client).summaries(CcCampaigns.firstSummariesPage(500));
            assertFalse(page.summaries().isEmpty());
            assertEquals(2, client.requestsMade());
        }
    }

    @Test
    void aTruncatedBodyIsRetried() {
        try (CcApiClient client = limitedSandboxClient(4, false)) {
            cc.control().injectFault(SandboxRoutes.SUMMARIES, FaultRule.body(BodyFault.TRUNCATED).times(2));
            assertFalse(new CcCampaigns(client).summaries(CcCampaigns.firstSummariesPage(500)).summaries().isEmpty());
            assertEquals(3, client.requestsMade());
        }
    }

    @Test
    void serverErrorsAreRetriedAndAFinalFailureNamesThePathButNoToken() {
        try (CcApiClient client = limitedSandboxClient(4, false)) {
            cc.control().injectFault(SandboxRoutes.SUMMARIES, FaultRule.errors(1.0, 503).times(CcApiClient.MAX_ATTEMPTS));
            CcApiException e = assertThrows(CcApiException.class,
                    () -> new CcCampaigns(client).summaries(CcCampaigns.firstSummariesPage(500)));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("GET /v3/reports/summary_reports/email_campaign_summaries kept failing: HTTP 503"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("Bearer"));
            assertEquals(CcApiClient.MAX_ATTEMPTS, client.requestsMade());
        }
    }

    @Test
    void aRefusalIsNotRetried() {
        try (CcApiClient client = limitedSandboxClient(4, false)) {
            CcApiException e = assertThrows(CcApiException.class, () -> client.get("/v3/emails/00000000-0000-4000-8000-000000000000"));
            assertEquals(404, e.status());
            assertFalse(e.retryable());
            assertEquals(1, client.requestsMade());
        }
    }

    @Test
    void theDailyQuotaStopsAtOnceWithoutRetrying() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", x -> {
            hits.incrementAndGet();
            byte[] b = "{\"error_key\":\"quota_exceeded\",\"error_message\":\"Limit Exceeded\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(429, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        stub.start();
        SteppingClock clock = new SteppingClock(T0);
        try (CcApiClient client = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), fixedToken(), new RateGate(4, clock, clock),
                clock, clock, RandomGenerator.of("L64X128MixRandom"), T0.plusSeconds(300))) {
            BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class, () -> client.get("/v3/emails"));
            assertEquals(Instant.parse("2026-03-11T00:00:00Z"), e.resumesAt());
            assertEquals(1, hits.get());
        }
    }

    @Test
    void requestsAreTakenFromTheBudgetInBlocksAndUnusedOnesGoBack() {
        int[] taken = {0};
        int[] returned = {0};
        RequestBudget budget = new RequestBudget() {
            @Override
            public int take(int wanted, Instant now) {
                int granted = Math.min(wanted, 13 - taken[0]);
                taken[0] += granted;
                return granted;
            }

            @Override
            public void giveBack(int unused, Instant takenAt) {
                returned[0] += unused;
            }
        };
        cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(T0)).tokenEndpointRateLimit(false)
                .apiRateLimit(false).campaigns(5).build());
        SteppingClock clock = new SteppingClock(T0);
        CcApiClient client = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), cc.baseUri(),
                new SandboxLogin(cc), new RateGate(4, clock, clock), clock, clock, RandomGenerator.of("L64X128MixRandom"),
                T0.plusSeconds(300), budget);
        for (int i = 0; i < 13; i++) {
            client.get("/v3/account/summary");
        }
        assertThrows(BudgetExhaustedException.class, () -> client.get("/v3/account/summary"));
        assertEquals(13, client.requestsMade(), "the fourteenth request was never sent");
        client.close();
        assertEquals(0, returned[0]);

        taken[0] = 0;
        CcApiClient second = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), cc.baseUri(),
                new SandboxLogin(cc), new RateGate(4, clock, clock), clock, clock, RandomGenerator.of("L64X128MixRandom"),
                T0.plusSeconds(300), budget);
        second.get("/v3/account/summary");
        second.close();
        assertEquals(CcApiClient.BUDGET_BLOCK - 1, returned[0], "one used, the rest of the block given back");
    }

    /** A stub that answers 401 to every token but {@code accepted}, and records the bearer tokens it saw. */
    URI bearerStub(String accepted, List<String> seen) throws Exception {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", x -> {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            seen.add(auth);
            boolean ok = ("Bearer " + accepted).equals(auth);
            byte[] b = (ok ? "{\"organization_name\":\"Acme\"}" : "{\"error_key\":\"unauthorized\",\"error_message\":\"Unauthorized\"}")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(ok ? 200 : 401, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }

    /** Tokens of generation 1 ("old") until a rejection of generation 1, then generation 2 ("new"). */
    static final class RotatingTokens implements AccessTokens {
        final List<Long> rejections = new ArrayList<>();
        AccessGrant current = new AccessGrant(Secret.of("old-token"), T0.plusSeconds(3600), 1);

        @Override
        public AccessGrant current() {
            return current;
        }

        @Override
        public AccessGrant afterRejection(long generation) {
            rejections.add(generation);
            current = new AccessGrant(Secret.of("new-token"), T0.plusSeconds(86_400), generation + 1);
            return current;
        }
    }

    @Test
    void a401IsAnsweredByOneRefreshAndOneRetryWithTheNewToken() throws Exception {
        List<String> seen = new ArrayList<>();
        URI base = bearerStub("new-token", seen);
        RotatingTokens tokens = new RotatingTokens();
        SteppingClock clock = new SteppingClock(T0);
        try (CcApiClient client = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), base, tokens,
                new RateGate(4, clock, clock), clock, clock, RandomGenerator.of("L64X128MixRandom"), T0.plusSeconds(300))) {
            assertEquals("Acme", client.get("/v3/account/summary").path("organization_name").asText());
            assertEquals(List.of(1L), tokens.rejections, "one refresh, naming the rejected generation");
            assertEquals(List.of("Bearer old-token", "Bearer new-token"), seen);
            assertEquals(2, client.requestsMade());
        }
    }

    @Test
    void aSecond401AfterTheRefreshIsARefusalNotALoop() throws Exception {
        List<String> seen = new ArrayList<>();
        URI base = bearerStub("a-token-nobody-has", seen);
        RotatingTokens tokens = new RotatingTokens();
        SteppingClock clock = new SteppingClock(T0);
        try (CcApiClient client = new CcApiClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), base, tokens,
                new RateGate(4, clock, clock), clock, clock, RandomGenerator.of("L64X128MixRandom"), T0.plusSeconds(300))) {
            CcApiException e = assertThrows(CcApiException.class, () -> client.get("/v3/account/summary"));
            assertEquals(401, e.status());
            assertFalse(e.retryable());
            assertEquals(List.of(1L), tokens.rejections, "exactly one refresh per request");
            assertEquals(2, seen.size());
            assertFalse(e.getMessage().contains("new-token") || e.getMessage().contains("old-token"), e.getMessage());
        }
    }

    static AccessTokens fixedToken() {
        AccessGrant g = new AccessGrant(Secret.of("stub-token"), T0.plusSeconds(3600), 1);
        return new AccessTokens() {
            @Override
            public AccessGrant current() {
                return g;
            }

            @Override
            public AccessGrant afterRejection(long generation) {
                return g;
            }
        };
    }
}
