package io.ccheadless.harness.faults;

import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.SyncPolicy;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.campaigns.testing.InMemoryCampaignStore;
import io.ccheadless.core.campaigns.testing.InMemorySyncStateStore;
import io.ccheadless.core.campaigns.testing.RecordingCampaignEvents;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.partner.PartnerCredentials;
import io.ccheadless.core.partner.PartnerDiscovery;
import io.ccheadless.core.partner.PartnerSync;
import io.ccheadless.core.partner.testing.InMemoryPartnerRegistry;
import io.ccheadless.core.partner.testing.PartnerClients;
import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The partner client through its real HTTP adapter, a {@link FaultProxy} in front of the sandbox: latency beyond the
 * request's time bound, 429 with Retry-After, 5xx, connection resets and malformed answers (not JSON; JSON without
 * the token, without the accounts list, with a bad paging link) on the partner token call, the managed-account
 * listing and the pass-through. Each ends in a correct retry or a typed error naming no credential, and a failed
 * discovery or sync leaves the registry and the stored campaigns exactly as they were. Waits are recorded on a
 * stepping clock, not slept; only the time bound (300 ms) is real.
 */
class PartnerFaultsTest {
    static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");
    static final String TOKEN = "/partners/oauth2/default/v1/token";
    static final String ACCOUNTS = "/v3/partner/accounts";
    static final Duration BOUND = Duration.ofMillis(300);
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    CcSandbox cc;
    FaultProxy proxy;
    SteppingClock clock;
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    PartnerClient partner;
    InMemoryPartnerRegistry registry;
    PartnerDiscovery discovery;
    String demoAccount;

    @BeforeEach
    void start() {
        cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(T0)).apiRateLimit(false)
                .tokenEndpointRateLimit(false).campaigns(0).build());
        cc.control().generateCampaigns(12, 7, Duration.ofDays(20));
        proxy = FaultProxy.start(cc.baseUri());
        clock = new SteppingClock(T0);
        Sleeper recording = d -> {
            waits.add(d);
            clock.advance(d);
        };
        partner = PartnerClients.of(proxy.uri(), PartnerClients.credentials(cc), BOUND, clock, recording);
        registry = new InMemoryPartnerRegistry();
        discovery = new PartnerDiscovery(partner, registry, registry, clock);
        assertEquals(9, discovery.run(deadline()).added(), "a clean discovery first");
        demoAccount = registry.list().stream().filter(t -> "Riverside Coffee Roasters".equals(t.partner().organizationName()))
                .findFirst().orElseThrow().partner().encodedAccountId();
        partner.forgetToken();   // each case starts by fetching a JWT, through the proxy
        waits.clear();
        seenBefore = proxy.seen();
        jwtsBefore = partner.tokensFetched();
    }

    Map<String, Long> seenBefore;
    int jwtsBefore;

    /** Requests the proxy saw for {@code target} since the clean discovery of {@link #start}. */
    long seen(String target) {
        return proxy.seen(target) - seenBefore.getOrDefault(target, 0L);
    }

    @AfterEach
    void stop() {
        proxy.close();
        cc.close();
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(5));
    }

    String sync() {
        return "/v3/partner/accounts/" + demoAccount + "/account_operations/sync";
    }

    // ---- the token call

    @Test
    void theTokenCallRetriesOneTimeoutOne503OneResetAndA429AfterItsRetryAfterThenServes() {
        proxy.add(FaultRule.on(TOKEN).times(1, new Fault.Delay(BOUND.multipliedBy(3))));
        proxy.add(FaultRule.on(TOKEN).times(1, new Fault.Answer(503, Map.of("Content-Type", "application/json"), "{\"error\":\"server_error\"}")));
        proxy.add(FaultRule.on(TOKEN).times(1, new Fault.Reset(false)));
        assertEquals(9, partner.managedAccounts(deadline()).size(), "served after a timeout, a 503 and a reset");
        assertEquals(4, seen(TOKEN));
        assertEquals(1, partner.tokensFetched() - jwtsBefore);

        partner.forgetToken();
        waits.clear();
        proxy.add(FaultRule.on(TOKEN).times(2, new Fault.Answer(429, Map.of("Retry-After", "3", "Content-Type", "application/json"),
                "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\"}")));
        assertEquals(9, partner.managedAccounts(deadline()).size());
        assertEquals(7, seen(TOKEN), "two 429s, then the token: no tight loop");
        assertEquals(2, waits.stream().filter(w -> w.compareTo(Duration.ofSeconds(3)) >= 0).count(),
                "each retry waited at least the Retry-After: " + waits);
        assertEquals(9, registry.writes(), "nothing rewritten");
    }

    @Test
    void aTokenEndpointThatKeepsFailingOrAnswersNoTokenEndsInATypedErrorAndDiscoveryChangesNothing() {
        Map<String, PartnerListing> before = registry.listings();
        List<Supplier<Fault>> faults = List.of(
                () -> new Fault.Delay(BOUND.multipliedBy(3)),
                () -> new Fault.Answer(502, Map.of(), "<html>502</html>"),
                () -> new Fault.Reset(false),
                Fault::notJson,
                () -> new Fault.Rewrite("no access_token", body -> "{\"token_type\":\"Bearer\",\"expires_in\":3600}"),
                () -> new Fault.Rewrite("blank access_token", body -> "{\"access_token\":\"  \",\"expires_in\":3600}"));
        for (Supplier<Fault> f : faults) {
            FaultRule rule = proxy.add(FaultRule.on(TOKEN).always(f.get()));
            long asked = seen(TOKEN);
            PartnerClient.PartnerException e = assertThrows(PartnerClient.PartnerException.class, () -> discovery.run(deadline()),
                    rule.toString());
            assertTrue(e.retryable(), rule + ": " + e.getMessage());
            assertEquals(4, seen(TOKEN) - asked, rule + ": four attempts, no more");
            assertNoCredential(e);
            assertFalse(partner.holdsToken(), rule + ": nothing cached");
            proxy.remove(rule);
        }
        proxy.add(FaultRule.on(TOKEN).always(new Fault.Answer(401, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_client\"}")));
        long asked = seen(TOKEN);
        PartnerClient.PartnerException refused = assertThrows(PartnerClient.PartnerException.class, () -> discovery.run(deadline()));
        assertEquals(401, refused.status());
        assertFalse(refused.retryable());
        assertEquals(1, seen(TOKEN) - asked, "refused credentials are asked once");
        assertEquals(before, registry.listings(), "the registry is exactly as it was");
        assertEquals(9, registry.writes());
    }

    // ---- the managed-account listing

    @Test
    void theListingRetriesTransientFaultsAndRefusesGarbledPagesWithoutTouchingTheRegistry() {
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Delay(BOUND.multipliedBy(3))));
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Answer(429, Map.of("Retry-After", "2", "Content-Type", "application/json"),
                "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}")));
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Answer(503, Map.of(), "")));
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Reset(true)));
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Truncate()));
        proxy.add(FaultRule.on(ACCOUNTS).times(1, new Fault.Rewrite("no list", body -> "{\"_links\":{}}")));
        PartnerDiscovery.Result r = discovery.run(deadline());
        assertEquals(9, r.listed(), "served after six faults, each retried");
        assertEquals(0, r.changes().size());
        assertTrue(waits.stream().anyMatch(w -> w.compareTo(Duration.ofSeconds(2)) >= 0), "the 429's Retry-After was waited: " + waits);
        assertEquals(7, seen(ACCOUNTS));

        Map<String, PartnerListing> before = registry.listings();
        List<Supplier<Fault>> garbled = List.of(
                Fault::notJson,
                () -> new Fault.Rewrite("no list", body -> "{\"_links\":{}}"),
                () -> new Fault.Rewrite("list not a list", body -> "{\"site_owner_list\":{\"a\":1}}"),
                () -> withNext("next link a number", 42),
                () -> withNext("next link elsewhere", "https://elsewhere.example/collect"),
                () -> withNext("next link repeating", "/v3/partner/accounts?account_type=managed&limit=50"),
                () -> new Fault.Answer(500, Map.of(), "[{\"error_key\":\"server_error\"}]"),
                () -> new Fault.Reset(false));
        for (Supplier<Fault> f : garbled) {
            FaultRule rule = proxy.add(FaultRule.on(ACCOUNTS).always(f.get()));
            RuntimeException e = assertThrows(RuntimeException.class, () -> discovery.run(deadline()), rule.toString());
            assertTrue(e instanceof CcApiException || e instanceof PartnerClient.PartnerException, rule + ": typed, was " + e);
            assertTrue(seen(ACCOUNTS) < 7 + 8 * 6 + 1, "bounded attempts");
            assertNoCredential(e);
            assertEquals(before, registry.listings(), rule + ": the registry is exactly as it was");
            proxy.remove(rule);
        }
        assertEquals(9, registry.writes(), "no write at all under any of them");
    }

    // ---- the pass-through

    @Test
    void thePassThroughRetriesTransientFaultsAndAFailedSyncLeavesTheStoredCampaignsAsTheyWere() {
        InMemoryCampaignStore store = new InMemoryCampaignStore();
        RecordingCampaignEvents events = new RecordingCampaignEvents();
        PartnerSync sync = new PartnerSync(partner, new CampaignSync(store, new InMemorySyncStateStore(), events, clock,
                SyncPolicy.defaults(Duration.ofDays(14)), "test", new Log(l -> { }, clock, "sync")));
        String tenant = TenantKind.partnerTenant(demoAccount);

        proxy.add(FaultRule.on(sync()).times(1, new Fault.Delay(BOUND.multipliedBy(3))));
        proxy.add(FaultRule.on(sync()).times(1, new Fault.Answer(429, Map.of("Retry-After", "2", "Content-Type", "application/json"),
                "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}")));
        proxy.add(FaultRule.on(sync()).times(1, new Fault.Answer(503, Map.of(), "")));
        proxy.add(FaultRule.on(sync()).times(1, new Fault.Reset(true)));
        proxy.add(FaultRule.on(sync()).times(1, Fault.notJson()));
        SyncReport first = sync.run(tenant, deadline());
        assertEquals(SyncReport.Outcome.COMPLETED, first.outcome(), first.detail());
        assertEquals(1, first.throttledAt().size(), "the one 429, counted");
        assertTrue(waits.stream().anyMatch(w -> w.compareTo(Duration.ofSeconds(2)) >= 0), "the 429's Retry-After was waited: " + waits);
        assertFalse(store.all(tenant).isEmpty());
        int announced = events.published().size();
        assertEquals(store.all(tenant).size(), announced, "each sent campaign announced once, faults or not");

        cc.clock().advance(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        cc.control().sendCampaign(cc.control().createCampaign("Between Faults"));
        Map<String, StoredCampaign> before = store.all(tenant);
        List<Supplier<Fault>> faults = List.of(
                () -> new Fault.Reset(false),
                () -> new Fault.Answer(500, Map.of(), "[{\"error_key\":\"server_error\"}]"),
                Fault::notJson,
                () -> new Fault.Rewrite("an object without the list", body -> "{\"status\":\"ok\"}"));
        for (Supplier<Fault> f : faults) {
            FaultRule rule = proxy.add(FaultRule.on(sync()).always(f.get()));
            CcApiException e = assertThrows(CcApiException.class, () -> sync.run(tenant, deadline()), rule.toString());
            assertTrue(e.retryable(), rule + ": " + e.getMessage());
            assertNoCredential(e);
            assertEquals(before, store.all(tenant), rule + ": the stored campaigns are exactly as they were");
            assertEquals(announced, events.published().size(), rule + ": nothing announced");
            proxy.remove(rule);
        }
        SyncReport after = sync.run(tenant, deadline());
        assertEquals(SyncReport.Outcome.COMPLETED, after.outcome(), after.detail());
        assertEquals(announced + 1, events.published().size(), "the new send announced once, after the faults");
        assertEquals(1, partner.tokensFetched() - jwtsBefore, "one JWT throughout");
    }

    /** The page as the sandbox answered it, its next link replaced by {@code href}. */
    private static Fault withNext(String description, Object href) {
        return new Fault.Rewrite(description, body -> {
            try {
                var page = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
                var next = page.putObject("_links").putObject("next");
                if (href instanceof Integer i) {
                    next.put("href", i);
                } else {
                    next.put("href", (String) href);
                }
                return page.toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** No message, of the exception or its causes, holds the partner secret, the API key or the JWT. */
    private void assertNoCredential(Throwable e) {
        PartnerCredentials c = PartnerClients.credentials(cc);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()) + t;
            assertFalse(m.contains(c.clientSecret().reveal()), m);
            assertFalse(m.contains(c.apiKey().reveal()), m);
            assertFalse(m.contains("Bearer ") || m.contains("Basic "), m);
            assertFalse(m.matches("(?s).*eyJ[A-Za-z0-9_-]{10,}.*"), "no JWT: " + m);
        }
    }
}
