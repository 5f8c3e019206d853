package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.testing.FakeTokenEndpoint;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.testing.SteppingClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Invariant 12 and the probe seam: what each path reports (telemetry, the redemption probe's steps) and what it
 * leaves on the pointer, and the timing rules the policy validates and the waits follow.
 */
class TokenProtocolObservabilityTest {
    static final String T = "acme";
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    final InMemoryPointerStore store = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final FakeTokenEndpoint cc = new FakeTokenEndpoint();
    final List<String> events = new ArrayList<>();
    final List<RedemptionProbe.Step> steps = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final RandomGenerator random = RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(7L);

    final TokenTelemetry recording = new TokenTelemetry() {
        @Override
        public void redeemed(String tenant, long fromGeneration, String fence, String outcome) {
            events.add("redeemed " + tenant + " " + fromGeneration + " " + outcome + (fence.isBlank() ? " no-fence" : ""));
        }

        @Override
        public void lostRace(String tenant, long generationSeen, long generationNow) {
            events.add("lostRace " + tenant + " " + generationSeen + "->" + generationNow);
        }

        @Override
        public void waited(String tenant, Duration waited) {
            events.add("waited " + tenant + " " + (waited.isNegative() ? "negative" : "ok"));
        }

        @Override
        public void reauthRequired(String tenant, long generation, String diagnosis) {
            events.add("reauth " + tenant + " " + generation + " " + diagnosis);
        }

        @Override
        public void transientFailure(String tenant, long generation, String error, int attempt) {
            events.add("transient " + tenant + " " + generation + " " + error + " #" + attempt);
        }
    };

    TokenService service(String owner, ClockCheck check) {
        return new TokenService(store, vault, cc, recording, TokenPolicy.defaults(), clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, random, owner, (step, tenant, generation) -> steps.add(step), check);
    }

    TokenService service() {
        return service("test", ClockCheck.TRUSTED);
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(5));
    }

    @BeforeEach
    void connect() {
        assertEquals(1, service().connect(T, cc::issue, deadline()));
        assertEquals(List.of("redeemed acme 0 authorized"), events);
        assertTrue(steps.isEmpty(), "a connect is no redemption of a refresh token");
        events.clear();
    }

    TokenPointer pointer() {
        return store.read(T).orElseThrow();
    }

    @Test
    void aRedemptionPassesEveryStepInOrderAndReportsItsOutcome() {
        clock.advance(Duration.ofHours(25));
        AccessGrant g = service().accessToken(T, deadline());
        assertEquals(2, g.generation());
        assertEquals(List.of(RedemptionProbe.Step.LEASE_TAKEN, RedemptionProbe.Step.INTENT_RECORDED,
                RedemptionProbe.Step.CC_ANSWERED, RedemptionProbe.Step.SECRET_WRITTEN, RedemptionProbe.Step.POINTER_COMMITTED), steps);
        assertEquals(List.of("redeemed acme 1 refreshed"), events);
        assertEquals("refreshed", pointer().lastOutcome());
        assertEquals(g.expiresAt(), pointer().accessTokenExpiresAt());
        assertEquals(vault.read(T, pointer().versionId()).refreshTokenIssuedAt(), pointer().refreshTokenIssuedAt());
    }

    @Test
    void aConnectStartsANewChainAtTheNextGenerationAndLeavesNoIntentOrLease() {
        String first = pointer().chain();
        assertNotNull(first);
        assertEquals(2, service().connect(T, cc::issue, deadline()));
        TokenPointer p = pointer();
        assertNotEquals(first, p.chain());
        assertEquals(VersionIds.of(T, p.chain(), 2), p.versionId());
        assertNull(p.intent());
        assertNull(p.lease());
        assertEquals("authorized", p.lastOutcome());
        assertEquals(ConnectionStatus.ACTIVE, p.status());
    }

    @Test
    void aLostRaceIsReportedWithBothGenerations() {
        clock.advance(Duration.ofHours(25));
        TokenProtocolFaultsTest.HookedPointers racing = new TokenProtocolFaultsTest.HookedPointers(store, clock);
        racing.beforeFirstAcquire = () -> service("other", ClockCheck.TRUSTED).accessToken(T, deadline());
        TokenService ours = new TokenService(racing, vault, cc, recording, TokenPolicy.defaults(), clock, clock, random, "ours");
        assertEquals(2, ours.accessToken(T, deadline()).generation());
        assertEquals(List.of("redeemed acme 1 refreshed", "lostRace acme 1->2"), events);
        assertEquals(1, cc.redemptions);
    }

    @Test
    void aRefusalReportsTheDiagnosisOnceAndKeepsTheStoredSet() {
        clock.advance(Duration.ofHours(25));
        TokenSet before = vault.read(T, pointer().versionId());
        cc.failNext(new InvalidGrantException("revoked"));
        TokenUnavailableException e = assertThrows(TokenUnavailableException.ReauthRequired.class, () -> service().accessToken(T, deadline()));
        assertFalse(e.retryable());
        assertEquals(1, events.stream().filter(l -> l.startsWith("reauth acme 1 Constant Contact refused generation 1's")).count(), events.toString());
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, pointer().status());
        assertTrue(pointer().lastOutcome().contains("invalid_grant"), pointer().lastOutcome());
        assertEquals(before, vault.read(T, pointer().versionId()));
        assertEquals(List.of(RedemptionProbe.Step.LEASE_TAKEN, RedemptionProbe.Step.INTENT_RECORDED), steps);
    }

    @Test
    void transientFailuresAreReportedPerAttemptWithJitteredGrowingWaits() {
        clock.advance(Duration.ofHours(25));
        cc.failNext(FakeTokenEndpoint.unavailable());
        cc.failNext(FakeTokenEndpoint.unavailable());
        cc.failNext(FakeTokenEndpoint.unavailable());
        AccessGrant g = service().accessToken(T, deadline());
        assertEquals(2, g.generation());
        assertEquals(List.of("transient acme 1 http_503 #1", "transient acme 1 http_503 #2", "transient acme 1 http_503 #3",
                "redeemed acme 1 refreshed"), events);
        assertEquals(3, sleeps.size(), sleeps.toString());
        long[] bases = {1000, 2000, 4000};
        for (int i = 0; i < 3; i++) {
            long ms = sleeps.get(i).toMillis();
            assertTrue(ms >= bases[i] / 2 && ms <= bases[i], "wait " + i + " of " + ms + " ms is within half to all of " + bases[i]);
        }
    }

    @Test
    void aVaultFailureIsReportedAndRetriedUntilItPasses() {
        clock.advance(Duration.ofHours(25));
        vault.failNextWrites = 2;
        service().accessToken(T, deadline());
        assertEquals(List.of("transient acme 1 vault write failed: injected write failure #1",
                "transient acme 1 vault write failed: injected write failure #2", "redeemed acme 1 refreshed"), events);
        assertTrue(sleeps.get(0).toMillis() >= 50 && sleeps.get(0).toMillis() <= 100, sleeps.toString());
        assertTrue(sleeps.get(1).toMillis() >= 100 && sleeps.get(1).toMillis() <= 200, sleeps.toString());
    }

    @Test
    void aRolledForwardRedemptionIsReportedAsSuch() {
        clock.advance(Duration.ofHours(25));
        String chain = pointer().chain();
        Lease dead = new Lease("dead", "f-dead", clock.instant().plusSeconds(5));
        store.tryAcquire(T, dead, clock.instant());
        store.recordIntent(T, dead, new RedemptionIntent("f-dead", 1, clock.instant(), chain));
        TokenSet stored = cc.refresh(vault.read(T, pointer().versionId()), clock.instant());
        vault.write(T, VersionIds.of(T, chain, 2), 2, stored);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(stored.accessToken(), service().accessToken(T, deadline()).accessToken());
        assertEquals(List.of("redeemed acme 1 rolled-forward"), events);
        assertEquals(List.of(RedemptionProbe.Step.LEASE_TAKEN), steps, "nothing redeemed");
        assertEquals("recovered: rolled forward", pointer().lastOutcome());
        assertEquals(1, cc.redemptions, "only the dead redeemer's redemption");
    }

    @Test
    void waitingForAHolderThatNeverFinishesEndsBeforeTheDeadlineWithARetryableError() {
        clock.advance(Duration.ofHours(25));
        store.tryAcquire(T, new Lease("stuck", "f-stuck", clock.instant().plus(Duration.ofHours(1))), clock.instant());
        Instant deadline = clock.instant().plusSeconds(20);
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> service().accessToken(T, deadline));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("timed out waiting for the token lease"), e.getMessage());
        assertFalse(clock.instant().isAfter(deadline.minus(TokenPolicy.defaults().leaseMargin())),
                "gave up before the deadline minus the margin: " + clock.instant());
        for (int i = 1; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i).compareTo(TokenPolicy.defaults().waitMax()) <= 0, "capped: " + sleeps);
        }
        assertEquals(0, cc.redemptions);
    }

    @Test
    void aReadThatFailsIsRetriedWithinTheDeadline() {
        int[] failures = {2};
        PointerStore flaky = new TokenProtocolFaultsTest.HookedPointers(store, clock) {
            @Override
            public Optional<TokenPointer> read(String t) {
                if (failures[0]-- > 0) {
                    throw new StoreUnavailableException("throttled", null);
                }
                return super.read(t);
            }
        };
        TokenService s = new TokenService(flaky, vault, cc, recording, TokenPolicy.defaults(), clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, random, "reader");
        assertEquals(1, s.accessToken(T, deadline()).generation());
        assertEquals(2, sleeps.size());
        failures[0] = 1_000;
        assertThrows(StoreUnavailableException.class, () -> s.accessToken(T, clock.instant().plusSeconds(10)));
    }

    @Test
    void theClockCheckAllowsExactlyHalfTheSkewAndNotAMillisecondMore() {
        clock.advance(Duration.ofHours(25));
        Duration half = TokenPolicy.defaults().maxClockSkew().dividedBy(2);
        assertEquals(2, service("at-bound", () -> Optional.of(half.negated())).accessToken(T, deadline()).generation());
        clock.advance(Duration.ofHours(25));
        assertThrows(TokenUnavailableException.class,
                () -> service("beyond", () -> Optional.of(half.plusMillis(1))).accessToken(T, deadline()));
    }

    @Test
    void theReportShowsTheChainWithoutSecrets() {
        ConnectionReport r = service().report(T);
        assertEquals(1, r.generation());
        assertEquals(ConnectionStatus.ACTIVE, r.status());
        assertEquals(Duration.ZERO, r.refreshTokenAge(clock.instant()));
        assertEquals("authorized", r.lastOutcome());
        assertTrue(service().pointer(T).isPresent());
        assertTrue(service().pointer("nobody").isEmpty());
        assertThrows(TokenUnavailableException.NotConnected.class, () -> service().report("nobody"));
    }
}
