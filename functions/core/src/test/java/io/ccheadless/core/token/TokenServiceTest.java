package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Log;
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
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

class TokenServiceTest {
    static final String T = "acme";
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final FakeTokenEndpoint cc = new FakeTokenEndpoint();
    final List<String> logLines = new ArrayList<>();
    TokenService service;

    @BeforeEach
    void connectTenant() {
        service = serviceOwnedBy("test");
        long generation = service.connect(T, now -> cc.issue(now), deadline());
        assertEquals(1, generation);
    }

    TokenService serviceOwnedBy(String owner) {
        return new TokenService(pointers, vault, cc, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, clock, RandomGenerator.of("L64X128MixRandom"), owner);
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(5));
    }

    TokenSet stored() {
        TokenPointer p = pointers.read(T).orElseThrow();
        return vault.read(T, p.versionId());
    }

    @Test
    void freshTokenIsReturnedWithoutRedeeming() {
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(stored().accessToken(), g.accessToken());
        assertEquals(0, cc.redemptions);
    }

    @Test
    void expiredTokenIsRedeemedOnceAndStoredBeforeUse() {
        clock.advance(Duration.ofHours(25));
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(1, cc.redemptions);
        TokenPointer p = pointers.read(T).orElseThrow();
        assertEquals(2, p.generation());
        assertEquals(VersionIds.of(T, p.chain(), 2), p.versionId());
        assertEquals(stored().accessToken(), g.accessToken(), "the returned token is the stored generation 2");
        assertNull(p.intent(), "commit clears the intent");
        assertNull(p.lease(), "the lease is released");
        AccessGrant again = service.accessToken(T, deadline());
        assertEquals(g.accessToken(), again.accessToken());
        assertEquals(1, cc.redemptions, "a second caller uses generation 2");
    }

    @Test
    void staleTokenIsUsedWithoutWaitingWhileAnotherHolderRefreshes() {
        clock.advance(Duration.ofHours(23).plusMinutes(30));   // inside the refresh-ahead hour
        Instant before = clock.instant();
        pointers.tryAcquire(T, new Lease("other", "f-other", before.plusSeconds(60)), before);
        int acquisitions = pointers.acquisitions;
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(stored().accessToken(), g.accessToken());
        assertEquals(before, clock.instant(), "no waiting happened");
        assertEquals(0, cc.redemptions);
        assertEquals(acquisitions, pointers.acquisitions, "a live lease seen in the read is not even tried");
    }

    @Test
    void expiredTokenWaitsForTheHolderAndUsesItsGeneration() {
        clock.advance(Duration.ofHours(25));
        Lease other = new Lease("other", "f-other", clock.instant().plusSeconds(30));
        pointers.tryAcquire(T, other, clock.instant());
        TokenSet[] theirs = new TokenSet[1];
        int[] sleeps = {0};
        // The other holder commits generation 2 while we are waiting (on our first backoff).
        io.ccheadless.core.obs.Sleeper commitsWhileWeWait = d -> {
            clock.advance(d);
            if (sleeps[0]++ == 0) {
                theirs[0] = cc.refresh(stored(), clock.instant());
                String chain = pointers.read(T).orElseThrow().chain();
                String v2 = VersionIds.of(T, chain, 2);
                vault.write(T, v2, 2, theirs[0]);
                pointers.commit(T, 1, other, new TokenPointer.Next(2, v2, theirs[0].accessTokenExpiresAt(),
                        theirs[0].refreshTokenIssuedAt(), "refreshed", chain));
            }
        };
        TokenService waiting = new TokenService(pointers, vault, cc, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, commitsWhileWeWait, RandomGenerator.of("L64X128MixRandom"), "waiter");
        AccessGrant g = waiting.accessToken(T, deadline());
        assertEquals(theirs[0].accessToken(), g.accessToken());
        assertEquals(1, cc.redemptions, "only the other holder redeemed");
        assertEquals(1, sleeps[0], "one backoff, then the new generation was seen");
        assertTrue(logLines.stream().anyMatch(l -> l.contains("waited for the lease holder")));
    }

    @Test
    void expiredLeaseOfADeadHolderIsTakenOver() {
        clock.advance(Duration.ofHours(25));
        pointers.tryAcquire(T, new Lease("dead", "f-dead", clock.instant().plusSeconds(5)), clock.instant());
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(2, g.generation());
        assertEquals(1, cc.redemptions);
    }

    @Test
    void invalidGrantOnTheNewestGenerationMarksReauthAndKeepsTokens() {
        TokenSet before = stored();
        String versionBefore = pointers.read(T).orElseThrow().versionId();
        clock.advance(Duration.ofHours(25));
        cc.failNext(new InvalidGrantException("The refresh token is invalid or expired."));
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> service.accessToken(T, deadline()));
        assertTrue(e.operatorAction().contains("cch authorize --tenant acme"), e.operatorAction());
        TokenPointer p = pointers.read(T).orElseThrow();
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, p.status());
        assertEquals(versionBefore, p.versionId(), "stored set kept");
        assertEquals(before, stored());
        int redemptions = cc.redemptions;
        assertThrows(TokenUnavailableException.class, () -> service.accessToken(T, deadline()));
        assertEquals(redemptions, cc.redemptions, "no further redemption once REAUTH_REQUIRED");
    }

    @Test
    void transientFailuresAreRetriedAndNeverMarkTheConnectionDead() {
        clock.advance(Duration.ofHours(25));
        cc.failNext(FakeTokenEndpoint.unavailable());
        cc.failNext(FakeTokenEndpoint.unavailable());
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(2, g.generation());
        assertEquals(ConnectionStatus.ACTIVE, pointers.read(T).orElseThrow().status());
        assertEquals(3, cc.redemptions);
    }

    @Test
    void aGenerationThatMovedAfterOurReadIsUsedNotRedeemed() {
        clock.advance(Duration.ofHours(25));
        // Another worker refreshes between our read and our lease: emulate by refreshing through a second service,
        // then calling refreshAfter with the old generation.
        serviceOwnedBy("other").accessToken(T, deadline());
        assertEquals(1, cc.redemptions);
        AccessGrant g = service.refreshAfter(T, 1, deadline());
        assertEquals(2, g.generation());
        assertEquals(1, cc.redemptions, "no second redemption of the same chain");
    }

    @Test
    void abandonedIntentRollsForwardWhenTheNextVersionWasStored() {
        clock.advance(Duration.ofHours(25));
        // A redeemer took the lease, recorded its intent, got CC's answer, stored version 2, and died.
        Lease dead = new Lease("dead", "f-dead", clock.instant().plusSeconds(10));
        pointers.tryAcquire(T, dead, clock.instant());
        String chain = pointers.read(T).orElseThrow().chain();
        pointers.recordIntent(T, dead, new RedemptionIntent("f-dead", 1, clock.instant(), chain));
        TokenSet answered = cc.refresh(stored(), clock.instant());
        vault.write(T, VersionIds.of(T, chain, 2), 2, answered);
        clock.advance(Duration.ofSeconds(30));
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(answered.accessToken(), g.accessToken());
        assertEquals(1, cc.redemptions, "rolled forward without redeeming again");
        TokenPointer p = pointers.read(T).orElseThrow();
        assertEquals(2, p.generation());
        assertEquals("recovered: rolled forward", p.lastOutcome());
    }

    @Test
    void abandonedIntentWithoutStoredVersionUnderStrictRotationGivesAPreciseDiagnosis() {
        clock.advance(Duration.ofHours(25));
        Lease dead = new Lease("dead", "f-dead", clock.instant().plusSeconds(10));
        pointers.tryAcquire(T, dead, clock.instant());
        pointers.recordIntent(T, dead, new RedemptionIntent("f-dead", 1, clock.instant(), pointers.read(T).orElseThrow().chain()));
        cc.refresh(stored(), clock.instant());   // CC rotated; the answer was lost with the process
        clock.advance(Duration.ofSeconds(30));
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> service.accessToken(T, deadline()));
        assertTrue(e.getMessage().contains("stopped after sending generation 1's refresh token"), e.getMessage());
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, pointers.read(T).orElseThrow().status());
    }

    @Test
    void vaultWriteFailuresAreRetriedBeforeTheTokenIsUsed() {
        clock.advance(Duration.ofHours(25));
        vault.failNextWrites = 2;
        AccessGrant g = service.accessToken(T, deadline());
        assertEquals(stored().accessToken(), g.accessToken());
        assertEquals(2, pointers.read(T).orElseThrow().generation());
    }

    @Test
    void notConnectedTenantNamesTheAuthorizeCommand() {
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class, () -> service.accessToken("nobody", deadline()));
        assertTrue(e.getMessage().contains("not connected"));
        assertEquals("authorize it once: cch authorize --tenant nobody", e.operatorAction());
    }

    @Test
    void reauthorizationReturnsTheTenantToActiveWithTheNextGeneration() {
        clock.advance(Duration.ofHours(25));
        cc.failNext(new InvalidGrantException("revoked"));
        assertThrows(TokenUnavailableException.class, () -> service.accessToken(T, deadline()));
        long g = service.connect(T, now -> cc.issue(now), deadline());
        assertEquals(2, g);
        assertEquals(ConnectionStatus.ACTIVE, pointers.read(T).orElseThrow().status());
        assertEquals(2, service.accessToken(T, deadline()).generation());
    }

    @Test
    void threadsOfOneProcessShareOneRedemptionAndOneLeaseAttempt() throws Exception {
        clock.advance(Duration.ofHours(25));
        java.util.concurrent.CountDownLatch allCalling = new java.util.concurrent.CountDownLatch(1);
        io.ccheadless.core.oauth.TokenEndpoint slow = new io.ccheadless.core.oauth.TokenEndpoint() {
            @Override
            public TokenSet refresh(TokenSet current, Instant now) {
                try {
                    allCalling.await(10, java.util.concurrent.TimeUnit.SECONDS);   // the other threads pile up meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return cc.refresh(current, now);
            }

            @Override
            public TokenSet exchangeCode(String code, String redirectUri, String codeVerifier, Instant now) {
                throw new UnsupportedOperationException();
            }
        };
        TokenService shared = new TokenService(pointers, vault, slow, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, clock, RandomGenerator.of("L64X128MixRandom"), "process");
        int attemptsBefore = pointers.acquireAttempts;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<AccessGrant>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return shared.accessToken(T, deadline());
            }));
        }
        go.countDown();
        Thread.sleep(300);   // let the seven followers reach the in-flight future (timing only widens the window)
        allCalling.countDown();
        for (var f : calls) {
            assertEquals(2, f.get(10, java.util.concurrent.TimeUnit.SECONDS).generation());
        }
        pool.shutdown();
        assertEquals(1, cc.redemptions);
        assertEquals(1, pointers.acquireAttempts - attemptsBefore, "one lease attempt for the whole process");
    }

    @Test
    void logLinesNeverContainTokens() {
        clock.advance(Duration.ofHours(25));
        AccessGrant g = service.accessToken(T, deadline());
        TokenSet s = stored();
        assertFalse(logLines.isEmpty());
        for (String line : logLines) {
            assertFalse(line.contains(g.accessToken().reveal()), line);
            assertFalse(line.contains(s.refreshToken().reveal()), line);
        }
        assertFalse(s.toString().contains(s.refreshToken().reveal()));
        assertFalse(g.toString().contains(g.accessToken().reveal()));
    }
}
