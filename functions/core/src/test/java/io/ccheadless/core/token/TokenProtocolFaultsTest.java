package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * The token protocol under slow and failing stores and CC, on in-memory ports with a stepping clock: each test
 * names one of the losses the protocol must not suffer (docs/token-lifecycle.md, "Time bounds", "Recovery").
 */
class TokenProtocolFaultsTest {
    static final String T = "acme";
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    final InMemoryPointerStore store = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final FakeTokenEndpoint cc = new FakeTokenEndpoint();
    final List<String> logLines = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper recordingSleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };

    @BeforeEach
    void connectTenant() {
        assertEquals(1, service(store, vault, cc).connect(T, cc::issue, clock.instant().plusSeconds(60)));
    }

    /**
     * Seeded, one sequence for every service of a test: the backoff jitter is random, and a test that adds up 45
     * jittered waits ("longer than a lease") must not depend on the draw (unseeded, it failed now and then).
     */
    final RandomGenerator random = java.util.random.RandomGeneratorFactory.<RandomGenerator>of("L64X128MixRandom").create(2026L);

    RandomGenerator seeded() {
        return random;
    }

    TokenService service(PointerStore pointers, TokenVault v, TokenEndpoint endpoint) {
        return service(pointers, v, endpoint, ClockCheck.TRUSTED, "test");
    }

    TokenService service(PointerStore pointers, TokenVault v, TokenEndpoint endpoint, ClockCheck check, String owner) {
        return new TokenService(pointers, v, endpoint, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, recordingSleeper, seeded(), owner,
                RedemptionProbe.NONE, check);
    }

    Instant deadline(Duration left) {
        return clock.instant().plus(left);
    }

    TokenPointer pointer() {
        return store.read(T).orElseThrow();
    }

    TokenSet current() {
        return vault.read(T, pointer().versionId());
    }

    /** The pointer store with a hook before each lease attempt and optional failures. */
    static class HookedPointers implements PointerStore {
        final PointerStore d;
        Runnable beforeFirstAcquire;
        RuntimeException acquireFailure;
        RuntimeException releaseFailure;
        final List<Instant> acquireCutoffs = new ArrayList<>();
        final List<Instant> acquireTimes = new ArrayList<>();
        final java.time.Clock clock;

        HookedPointers(PointerStore d, java.time.Clock clock) {
            this.d = d;
            this.clock = clock;
        }

        @Override public Optional<TokenPointer> read(String t) { return d.read(t); }

        @Override public LeaseAttempt tryAcquire(String t, Lease l, Instant cutoff) {
            acquireCutoffs.add(cutoff);
            acquireTimes.add(clock.instant());
            if (beforeFirstAcquire != null) {
                Runnable r = beforeFirstAcquire;
                beforeFirstAcquire = null;
                r.run();
            }
            if (acquireFailure != null) {
                throw acquireFailure;
            }
            return d.tryAcquire(t, l, cutoff);
        }

        @Override public Lease renew(String t, Lease l, Instant until) { return d.renew(t, l, until); }
        @Override public void recordIntent(String t, Lease l, RedemptionIntent i) { d.recordIntent(t, l, i); }
        @Override public void clearIntent(String t, Lease l) { d.clearIntent(t, l); }
        @Override public void commit(String t, long g, Lease l, TokenPointer.Next n) { d.commit(t, g, l, n); }

        @Override public void release(String t, Lease l) {
            d.release(t, l);
            if (releaseFailure != null) {
                throw releaseFailure;
            }
        }

        @Override public boolean markReauthRequired(String t, long g, String diag) { return d.markReauthRequired(t, g, diag); }
    }

    @Test
    void theReReadAfterTakingTheLeaseUsesAGenerationCommittedInBetweenInsteadOfRedeemingAgain() {
        clock.advance(Duration.ofHours(25));
        HookedPointers racing = new HookedPointers(store, clock);
        // Between our read (generation 1) and our lease, another process redeems generation 1 into 2.
        racing.beforeFirstAcquire = () -> service(store, vault, cc, ClockCheck.TRUSTED, "other").accessToken(T, deadline(Duration.ofMinutes(5)));
        AccessGrant g = service(racing, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(2, g.generation());
        assertEquals(current().accessToken(), g.accessToken());
        assertEquals(1, cc.redemptions, "generation 1's refresh token was redeemed once, by the other process");
        assertEquals(0, cc.invalidGrants);
    }

    @Test
    void aStaleTokenIsAnsweredToEveryCallerThroughACcOutageAndTheRefreshAheadClearsItsIntent() {
        clock.advance(Duration.ofHours(23).plusMinutes(30));   // 30 minutes left: STALE
        TokenSet valid = current();
        for (int i = 0; i < 40; i++) {
            cc.failNext(FakeTokenEndpoint.unavailable());
        }
        AccessGrant first = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(valid.accessToken(), first.accessToken());
        assertNull(pointer().intent(), "CC clearly failed: the refresh-ahead cleared its own intent");
        assertNull(pointer().lease());
        int attempts = cc.redemptions;
        for (String caller : List.of("b", "c", "d")) {
            AccessGrant g = service(store, vault, cc, ClockCheck.TRUSTED, caller).accessToken(T, deadline(Duration.ofMinutes(5)));
            assertEquals(valid.accessToken(), g.accessToken(), caller + " got the valid token");
            assertEquals(1, g.generation());
        }
        assertTrue(cc.redemptions > attempts, "later callers still try to refresh ahead");
        assertEquals(ConnectionStatus.ACTIVE, pointer().status());
    }

    @Test
    void anAbandonedIntentWithAStillValidTokenIsStaleAndNobodyIsRefusedWhileCcIsDown() {
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        TokenSet valid = current();
        Lease dead = new Lease("dead", "f-dead", clock.instant().plusSeconds(5));
        store.tryAcquire(T, dead, clock.instant());
        store.recordIntent(T, dead, new RedemptionIntent("f-dead", 1, clock.instant(), pointer().chain()));
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 40; i++) {
            cc.failNext(FakeTokenEndpoint.unavailable());
        }
        for (String caller : List.of("a", "b")) {
            AccessGrant g = service(store, vault, cc, ClockCheck.TRUSTED, caller).accessToken(T, deadline(Duration.ofMinutes(5)));
            assertEquals(valid.accessToken(), g.accessToken());
        }
        assertEquals(ConnectionStatus.ACTIVE, pointer().status());
        assertEquals(1, pointer().generation());
    }

    @Test
    void aVaultThatKeepsFailingIsRetriedPastTheLeaseUntilTheDeadlineRenewingTheLease() {
        clock.advance(Duration.ofHours(25));
        vault.failNextWrites = 45;   // about 80 s of backoff: longer than a 60 s lease
        Instant start = clock.instant();
        AccessGrant g = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertTrue(Duration.between(start, clock.instant()).compareTo(TokenPolicy.defaults().leaseLength()) > 0,
                "the persist outlasted one lease length");
        assertEquals(2, g.generation());
        assertEquals(current().accessToken(), g.accessToken());
        assertEquals(1, cc.redemptions);
        assertTrue(store.renewals > 0, "the lease was renewed while the write was retried");
        assertEquals(ConnectionStatus.ACTIVE, pointer().status());
        assertNull(pointer().intent());
    }

    @Test
    void aVaultThatFailsUntilTheDeadlineLeavesTheIntentForAPreciseDiagnosis() {
        clock.advance(Duration.ofHours(25));
        vault.failNextWrites = 1_000;
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> service(store, vault, cc).accessToken(T, deadline(Duration.ofSeconds(40))));
        assertTrue(e.getMessage().contains("could not store generation 2"), e.getMessage());
        assertTrue(e.getMessage().contains("before the invocation's deadline"), e.getMessage());
        assertNotNull(pointer().intent(), "the intent tells the next holder what happened");
        assertEquals(1, pointer().generation());
    }

    @Test
    void anUntranslatedFailureOfTheVaultWriteIsRetriedLikeAThrottle() {
        clock.advance(Duration.ofHours(25));
        int[] failures = {2};
        TokenVault raw = new TokenVault() {
            @Override public TokenSet read(String t, String v) { return vault.read(t, v); }
            @Override public Optional<TokenSet> find(String t, String v) { return vault.find(t, v); }
            @Override public void write(String t, String v, long g, TokenSet s) {
                if (failures[0]-- > 0) {
                    throw new IllegalStateException("an SDK exception the adapter did not translate");
                }
                vault.write(t, v, g, s);
            }
        };
        AccessGrant g = service(store, raw, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(2, g.generation());
        assertEquals(2, pointer().generation());
    }

    @Test
    void anInvalidGrantAfterATakeoverAdoptsTheGenerationASlowHolderStoredLate() {
        clock.advance(Duration.ofHours(25));
        String chain = pointer().chain();
        Lease slow = new Lease("slow", "f-slow", clock.instant().plusSeconds(5));
        store.tryAcquire(T, slow, clock.instant());
        store.recordIntent(T, slow, new RedemptionIntent("f-slow", 1, clock.instant(), chain));
        TokenSet theirs = cc.refresh(current(), clock.instant());   // CC answered the slow holder and rotated
        clock.advance(Duration.ofSeconds(30));                       // its lease ended; its write is still on the way
        TokenEndpoint landsLate = new TokenEndpoint() {
            @Override public TokenSet refresh(TokenSet c, Instant now) {
                vault.write(T, VersionIds.of(T, chain, 2), 2, theirs);   // the slow write lands while CC refuses ours
                return cc.refresh(c, now);
            }
            @Override public TokenSet exchangeCode(String a, String b, String c, Instant d) { throw new UnsupportedOperationException(); }
        };
        AccessGrant g = service(store, vault, landsLate).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(theirs.accessToken(), g.accessToken());
        assertEquals(2, pointer().generation());
        assertEquals(ConnectionStatus.ACTIVE, pointer().status(), "never condemned while generation 2 exists");
        assertEquals(1, cc.invalidGrants, "our one redemption of the rotated token, examined rather than trusted");
    }

    @Test
    void aChainMarkedReauthRequiredRollsForwardWhenItsNextGenerationTurnsUp() {
        String chain = pointer().chain();
        TokenSet next = cc.refresh(current(), clock.instant());
        assertTrue(store.markReauthRequired(T, 1, "a diagnosis written before the slow write landed"));
        vault.write(T, VersionIds.of(T, chain, 2), 2, next);
        AccessGrant g = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(next.accessToken(), g.accessToken());
        assertEquals(2, pointer().generation());
        assertEquals(ConnectionStatus.ACTIVE, pointer().status());
        assertTrue(pointer().lastOutcome().startsWith("recovered"), pointer().lastOutcome());
    }

    @Test
    void aReauthRequiredChainWithNothingNewerStaysCondemned() {
        assertTrue(store.markReauthRequired(T, 1, "refused"));
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5))));
        assertTrue(e.operatorAction().contains("cch authorize --tenant acme"));
        assertEquals(0, cc.redemptions);
        assertEquals(0, store.acquireAttempts - 1, "no lease taken for a chain with nothing to adopt");
    }

    @Test
    void anExpiredLeaseIsTakenOverOnlyOnceItHasEndedForEveryClock() {
        clock.advance(Duration.ofHours(25));
        Instant until = clock.instant().plusSeconds(2);
        store.tryAcquire(T, new Lease("other", "f-other", until), clock.instant());
        HookedPointers watched = new HookedPointers(store, clock);
        AccessGrant g = service(watched, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(2, g.generation());
        Duration skew = TokenPolicy.defaults().maxClockSkew();
        for (int i = 0; i < watched.acquireTimes.size(); i++) {
            assertEquals(watched.acquireTimes.get(i).minus(skew), watched.acquireCutoffs.get(i), "every attempt allows for the skew");
        }
        Instant takenAt = watched.acquireTimes.getLast();
        assertFalse(takenAt.isBefore(until.plus(skew)),
                "taken over at " + takenAt + ", before the holder's lease (until " + until + ") ended for a clock 4 s behind");
        assertEquals(2, watched.acquireTimes.size(), "one refused attempt, then polling reads until the lease ended for everyone");
    }

    @Test
    void aRedeemerWhoseClockIsFarOffTakesNoLeaseButStillUsesAValidToken() {
        ClockCheck offByThreeSeconds = () -> Optional.of(Duration.ofSeconds(3));
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        AccessGrant stale = service(store, vault, cc, offByThreeSeconds, "laptop").accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(1, stale.generation());
        clock.advance(Duration.ofHours(2));
        int attempts = store.acquireAttempts;
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> service(store, vault, cc, offByThreeSeconds, "laptop").accessToken(T, deadline(Duration.ofMinutes(5))));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("clock is 3000 ms off"), e.getMessage());
        assertEquals(attempts, store.acquireAttempts, "no lease attempt at all");
        assertEquals(0, cc.redemptions);
    }

    @Test
    void aReauthorizationStartsANewChainSoAnEarlierChainsVersionsAreNeverAdopted() {
        String first = pointer().chain();
        TokenSet leftover = cc.issue(clock.instant());
        vault.write(T, VersionIds.of(T, first, 2), 2, leftover);   // left by the earlier chain
        store.remove(T);                                           // an operator reset the tenant
        assertEquals(1, service(store, vault, cc).connect(T, cc::issue, deadline(Duration.ofMinutes(1))));
        String second = pointer().chain();
        assertNotEquals(first, second);
        assertNotEquals(VersionIds.of(T, first, 1), pointer().versionId());
        // A redeemer of the new chain dies after its intent; the next one must not adopt the old chain's version 2.
        clock.advance(Duration.ofHours(25));
        Lease dead = new Lease("dead", "f-dead", clock.instant().plusSeconds(5));
        store.tryAcquire(T, dead, clock.instant());
        store.recordIntent(T, dead, new RedemptionIntent("f-dead", 1, clock.instant(), second));
        clock.advance(Duration.ofSeconds(30));
        AccessGrant g = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertNotEquals(leftover.accessToken(), g.accessToken());
        assertEquals(VersionIds.of(T, second, 2), pointer().versionId());
    }

    @Test
    void aLeaseReleaseThatFailsDoesNotHideACommittedRefresh() {
        clock.advance(Duration.ofHours(25));
        HookedPointers failingRelease = new HookedPointers(store, clock);
        failingRelease.releaseFailure = new StoreUnavailableException("DynamoDB throttled the release", null);
        AccessGrant g = service(failingRelease, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(2, g.generation());
        assertEquals(2, pointer().generation());
    }

    @Test
    void aStaleCallerKeepsItsValidTokenWhenTheStoreFails() {
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        TokenSet valid = current();
        HookedPointers failing = new HookedPointers(store, clock);
        failing.acquireFailure = new StoreUnavailableException("DynamoDB answered 500", null);
        AccessGrant g = service(failing, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(valid.accessToken(), g.accessToken());
    }

    @Test
    void anAnswerWithoutAnAccessTokenIsStoredAndItsRefreshTokenRedeemedRightAway() {
        clock.advance(Duration.ofHours(25));
        int[] calls = {0};
        TokenEndpoint noAccessTokenOnce = new TokenEndpoint() {
            @Override public TokenSet refresh(TokenSet c, Instant now) {
                TokenSet s = cc.refresh(c, now);
                return calls[0]++ == 0 ? new TokenSet(null, s.refreshToken(), now, s.scope(), now, now) : s;
            }
            @Override public TokenSet exchangeCode(String a, String b, String c, Instant d) { throw new UnsupportedOperationException(); }
        };
        AccessGrant g = service(store, vault, noAccessTokenOnce).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(3, g.generation(), "generation 2 held only a refresh token; it was stored and redeemed into 3");
        assertEquals(2, cc.redemptions);
        assertEquals(0, cc.invalidGrants);
        assertFalse(vault.read(T, VersionIds.of(T, pointer().chain(), 2)).hasAccessToken());
        assertEquals(current().accessToken(), g.accessToken());
    }

    @Test
    void anAmbiguousFailureIsRetriedPromptlyWithTheSameRefreshToken() {
        clock.advance(Duration.ofHours(25));
        cc.failNext(new OAuthException("no answer", 0, OAuthException.NO_RESPONSE, true, null));
        AccessGrant g = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        assertEquals(2, g.generation());
        assertTrue(sleeps.contains(Duration.ofMillis(200)), "a prompt retry: " + sleeps);
        assertEquals(2, cc.redemptions);
    }

    @Test
    void aLostAnswerRefusedOnThePromptRetrySaysSoAndKeepsTheStoredSet() {
        clock.advance(Duration.ofHours(25));
        TokenSet before = current();
        // CC processed the refresh (rotating) and the answer was lost.
        TokenEndpoint losesAnswer = new TokenEndpoint() {
            boolean lost;
            @Override public TokenSet refresh(TokenSet c, Instant now) {
                if (!lost) {
                    lost = true;
                    cc.refresh(c, now);
                    throw new OAuthException("no answer", 0, OAuthException.NO_RESPONSE, true, null);
                }
                return cc.refresh(c, now);
            }
            @Override public TokenSet exchangeCode(String a, String b, String c, Instant d) { throw new UnsupportedOperationException(); }
        };
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> service(store, vault, losesAnswer).accessToken(T, deadline(Duration.ofMinutes(5))));
        assertTrue(e.getMessage().contains("its answer was lost"), e.getMessage());
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, pointer().status());
        assertEquals(before, current());
    }

    @Test
    void noLogLineCarriesATokenThroughAnyOfTheseFaults() {
        clock.advance(Duration.ofHours(25));
        vault.failNextWrites = 3;
        cc.failNext(FakeTokenEndpoint.unavailable());
        AccessGrant g = service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5)));
        TokenSet s = current();
        assertFalse(logLines.isEmpty());
        for (String line : logLines) {
            assertFalse(line.contains(g.accessToken().reveal()), line);
            assertFalse(line.contains(s.refreshToken().reveal()), line);
        }
    }

    @Test
    void invalidGrantOnTheNewestGenerationWithNothingStoredStillCondemns() {
        clock.advance(Duration.ofHours(25));
        cc.failNext(new InvalidGrantException("revoked"));
        assertThrows(TokenUnavailableException.class, () -> service(store, vault, cc).accessToken(T, deadline(Duration.ofMinutes(5))));
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, pointer().status());
    }
}
