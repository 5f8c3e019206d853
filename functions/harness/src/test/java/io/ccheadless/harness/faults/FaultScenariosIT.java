package io.ccheadless.harness.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.harness.faults.FaultRig.Outcome;
import io.ccheadless.harness.faults.FaultRig.Stored;
import io.ccheadless.sandbox.RedemptionOutcome;
import io.ccheadless.sandbox.RefreshRedemption;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.faults.BodyFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The four reproduced losses of a tenant's refresh-token chain, each played with real faults on real requests:
 * the AWS SDK against moto through {@link FaultProxy}, {@code OAuthClient} against the CC sandbox (its own fault
 * rules, or a {@link FaultProxy} rewriting its answers). Each test asserts exact stored state and CC's counters.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultScenariosIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- 1. a valid token refused during a CC outage ----

    @Test
    void aStaleTokenIsServedToEveryCallerWhileCcAnswers503AndNoIntentIsLeftBehind(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService first = rig.service("first");
            TokenService others = rig.service("others");
            Stored before = rig.stored();
            rig.advance(Duration.ofHours(23).plusMinutes(30));   // 30 minutes left: STALE, still valid
            rig.cc.control().injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule.errors(1.0, 503));

            CompletableFuture<Outcome> holder = CompletableFuture.supplyAsync(() -> rig.call(first, Duration.ofSeconds(20)));
            await(() -> rig.cc.counters().refreshRedemptions() >= 1, Duration.ofSeconds(10), "the holder refused by CC");
            List<Outcome> meanwhile = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                meanwhile.add(rig.call(others, Duration.ofSeconds(20)));   // the holder still retries at CC
            }
            Outcome held = holder.get(60, TimeUnit.SECONDS);

            assertEquals(1, held.generation(), "the first caller gets its valid token: " + held);
            for (Outcome o : meanwhile) {
                assertEquals(1, o.generation(), "a caller during the holder's retries: " + o);
                assertTrue(o.took().compareTo(FaultRig.POLICY.leaseLength()) < 0,
                        "nobody waits (for the holder's lease) while a valid token exists: " + o);
            }
            TokenPointer p = rig.pointer();
            assertNull(p.intent(), "CC clearly refused every attempt: the intent is cleared, not left to send callers down the EXPIRED path");
            assertEquals(ConnectionStatus.ACTIVE, p.status());
            // later callers, CC still down: every one gets the valid token, from both processes (each that finds the lease
            // free tries CC again within its own invocation's budget)
            rig.advance(Duration.ofMinutes(5));
            List<Duration> later = new ArrayList<>();
            for (TokenService s : List.of(first, others)) {
                Outcome o = rig.call(s, Duration.ofSeconds(14));
                assertEquals(1, o.generation(), "a later caller during the outage: " + o);
                assertNull(rig.pointer().intent(), "no intent left by a later caller either");
                later.add(o.took());
            }
            assertEquals(before, rig.stored(), "nothing stored changed during the outage");
            assertEquals(0, rig.cc.counters().successfulRefreshes());
            assertEquals(0, rig.cc.counters().invalidGrants());
            long refused = rig.cc.counters().refreshRedemptions();
            assertTrue(refused >= 3, "CC was asked and refused: " + refused);

            rig.cc.control().clearFaults();   // CC is back: the next STALE caller refreshes, once
            Outcome after = rig.call(first, Duration.ofSeconds(20));
            assertEquals(2, after.generation(), after.toString());
            assertEquals(1, rig.cc.counters().successfulRefreshes());
            assertEquals(0, rig.cc.counters().invalidGrants());
            assertEquals(ConnectionStatus.ACTIVE, rig.pointer().status());
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName() + " (CC 503s=" + refused + ", first caller " + held.took().toMillis()
                    + " ms, later callers " + later.stream().map(Duration::toMillis).toList() + " ms)");
        }
    }

    /**
     * Invariant 7 ("nobody waits while a valid token exists") with a realistic invocation deadline: a STALE caller that
     * finds the lease free retries CC's 503s with doubling backoff until its deadline nears, holding its valid token
     * back for as long.
     */
    @Test
    void aStaleCallerWithMinutesLeftIsAnsweredPromptlyDuringACcOutage(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            // the functions' own policy around the rig's call bounds: 60 s leases, 3 s margin, 4 s clock skew
            TokenService tokens = rig.service("caller", io.ccheadless.core.token.TokenPolicy.of(FaultRig.BOUNDS));
            rig.advance(Duration.ofHours(23).plusMinutes(30));
            rig.cc.control().injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule.errors(1.0, 503));
            long asked = rig.cc.counters().requests(SandboxRoutes.TOKEN);

            Outcome o = rig.call(tokens, Duration.ofSeconds(60));   // a token-vending invocation with a minute left

            assertEquals(1, o.generation(), o.toString());
            rig.report(info.getDisplayName() + " (took " + o.took().toMillis() + " ms, CC asked "
                    + (rig.cc.counters().requests(SandboxRoutes.TOKEN) - asked) + " times)");
            assertEquals(1, rig.cc.counters().requests(SandboxRoutes.TOKEN) - asked,
                    "the refresh-ahead asked CC once and answered the valid token, instead of retrying the outage: " + o);
        }
    }

    /**
     * A cold container's first refresh reads the CC client credentials from Secrets Manager, and that read is
     * throttled. The STALE caller still holds a valid token and must get it (or a fresh one, if the refresh is retried
     * once the credentials can be read); no intent may stay behind for a request CC never saw.
     */
    @Test
    void aValidTokenIsServedWhenAColdContainerCannotReadTheClientCredentials(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService cold = rig.coldService("cold");
            rig.advance(Duration.ofHours(23).plusMinutes(30));   // STALE, still valid
            Stored before = rig.stored();
            FaultRule throttle = rig.aws.add(FaultRule.on(FaultRig.GET_SECRET).whenBodyContains(rig.proxied.clientSecretId())
                    .during(FaultRig.BOUNDS.storeCall().plusMillis(200), Fault.secretsThrottling()));

            Outcome o = rig.call(cold, Duration.ofSeconds(20));

            rig.report(info.getDisplayName() + " (" + o + ", throttled=" + throttle.injected() + ")");
            assertTrue(throttle.injected() >= 1);
            assertTrue(o.ok(), "the valid token (or a fresh one) is served: " + o);
            assertNull(rig.pointer().intent(), "no intent stays behind");
            assertEquals(0, rig.cc.counters().invalidGrants());
            if (o.generation() == 1) {   // the refresh was given up: nothing stored changed
                assertEquals(before, rig.stored());
                assertEquals(0, rig.cc.counters().successfulRefreshes());
            } else {                     // the refresh was retried once the credentials could be read
                assertEquals(2, o.generation());
                assertEquals(2, rig.stored().generation());
                assertEquals(1, rig.cc.counters().successfulRefreshes(), "exactly one redemption");
            }
        }
    }

    // ---- 2. a new token set thrown away while the invocation still has minutes ----

    @Test
    void aNewTokenSetIsStoredThroughTwentySecondsOfPutSecretValueThrottling(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService holder = rig.service("holder");
            TokenService contender = rig.service("contender");
            rig.advance(Duration.ofHours(25));   // expired: the first caller must redeem
            FaultRule throttle = rig.aws.add(FaultRule.on(FaultRig.PUT).whenBodyContains(rig.vault.secretId(FaultRig.TENANT))
                    .during(Duration.ofSeconds(20), Fault.secretsThrottling()));

            CompletableFuture<Outcome> h = CompletableFuture.supplyAsync(() -> rig.call(holder, Duration.ofSeconds(60)));
            await(() -> throttle.injected() >= 1, Duration.ofSeconds(10), "CC answered and the first write was throttled");
            CompletableFuture<Outcome> c = CompletableFuture.supplyAsync(() -> rig.call(contender, Duration.ofSeconds(60)));
            Outcome held = h.get(90, TimeUnit.SECONDS);
            Outcome waited = c.get(90, TimeUnit.SECONDS);

            assertEquals(2, held.generation(), "the holder stored generation 2 and answered it: " + held);
            assertTrue(held.took().compareTo(Duration.ofSeconds(19)) > 0, "it outlasted the throttling: " + held);
            assertEquals(2, waited.generation(), "the contender got the holder's generation: " + waited);
            assertTrue(throttle.injected() >= 5, "throttled attempts: " + throttle.injected());
            Stored s = rig.stored();
            assertEquals(2, s.generation());
            assertEquals("ACTIVE", s.status());
            assertEquals(2, s.versionDigests().size(), "one version per generation");
            assertEquals(s.versionId(), s.current(), "the pointer names the newest version");
            assertNull(rig.pointer().intent());
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "exactly one redemption at CC");
            assertEquals(0, rig.cc.counters().invalidGrants());
            assertChainLives(rig, holder, 3);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName() + " (throttled PutSecretValue=" + throttle.injected() + ")");
        }
    }

    // ---- 3. a slow write outliving its lease ----

    @Test
    void writesSlowerThanTheCallBoundAreRetriedUnderARenewedLeaseAndTheContenderNeverRedeems(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService holder = rig.service("holder");
            TokenService contender = rig.service("contender");
            rig.advance(Duration.ofHours(25));
            // five writes of 3 s each: the SDK gives up on each after its 2 s bound, the write still lands; with the backoff
            // between them, persisting lasts longer than the holder's 10 s lease
            FaultRule slow = rig.aws.add(FaultRule.on(FaultRig.PUT).whenBodyContains(rig.vault.secretId(FaultRig.TENANT))
                    .times(5, new Fault.Delay(FaultRig.BOUNDS.storeCall().plusSeconds(1))));

            CompletableFuture<Outcome> h = CompletableFuture.supplyAsync(() -> rig.call(holder, Duration.ofSeconds(45)));
            await(() -> slow.injected() >= 1, Duration.ofSeconds(10), "the first slow write");
            CompletableFuture<Outcome> c = CompletableFuture.supplyAsync(() -> rig.call(contender, Duration.ofSeconds(45)));
            Outcome held = h.get(90, TimeUnit.SECONDS);
            Outcome waited = c.get(90, TimeUnit.SECONDS);
            await(() -> slow.forwarded() == 5, Duration.ofSeconds(10), "every late write landed");

            assertEquals(2, held.generation(), held.toString());
            assertTrue(held.took().compareTo(FaultRig.POLICY.leaseLength()) > 0, "persisting outlived the first lease: " + held);
            assertEquals(2, waited.generation(), "the contender waited for the renewed lease: " + waited);
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "the contender never took over and redeemed");
            assertEquals(0, rig.cc.counters().invalidGrants());
            Stored s = rig.stored();
            assertEquals(2, s.generation());
            assertEquals(2, s.versionDigests().size(), "six writes of one generation, one version (same ClientRequestToken, same value)");
            assertEquals(s.versionId(), s.current(), "pointer and vault agree after the late writes landed");
            assertChainLives(rig, holder, 3);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName() + " (slow PutSecretValue=" + slow.injected() + ")");
        }
    }

    @Test
    void aChainCondemnedWhileAHeldWriteWasInFlightRollsForwardWhenTheWriteLands(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService slowHolder = rig.service("slow-holder");
            TokenService successor = rig.service("successor");
            TokenService later = rig.service("later");
            rig.advance(Duration.ofHours(25));
            CountDownLatch land = new CountDownLatch(1);
            FaultRule held = rig.aws.add(FaultRule.on(FaultRig.PUT).whenBodyContains(rig.vault.secretId(FaultRig.TENANT))
                    .always(new Fault.Hold(land, Duration.ofSeconds(60))));

            // the holder's invocation ends (11 s: the redemption budget and a little) while every write of its generation 2
            // is still on the wire
            Outcome gaveUp = rig.call(slowHolder, Duration.ofSeconds(11));
            assertFalse(gaveUp.ok(), gaveUp.toString());
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "CC rotated: generation 1's refresh token is dead");
            // a successor takes over, redeems generation 1's token, gets invalid_grant, finds no N+1 yet: condemned
            Outcome condemned = rig.call(successor, Duration.ofSeconds(30));
            assertInstanceOf(TokenUnavailableException.class, condemned.error(), condemned.toString());
            assertEquals(ConnectionStatus.REAUTH_REQUIRED, rig.pointer().status());
            assertEquals(1, rig.cc.counters().invalidGrants());

            land.countDown();   // the slow holder's writes land
            await(() -> held.forwarded() == held.injected(), Duration.ofSeconds(10), "the held writes landed");
            rig.aws.remove(held);
            Outcome recovered = rig.call(later, Duration.ofSeconds(30));

            assertEquals(2, recovered.generation(), "REAUTH_REQUIRED rolled forward to the valid generation 2: " + recovered);
            TokenPointer p = rig.pointer();
            assertEquals(ConnectionStatus.ACTIVE, p.status());
            assertNull(p.intent());
            Stored s = rig.stored();
            assertEquals(2, s.generation());
            assertEquals(2, s.versionDigests().size());
            assertEquals(s.versionId(), s.current(), "pointer and vault agree");
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "exactly one redemption at CC");
            assertEquals(1, rig.cc.counters().invalidGrants(), "only the successor's, before the write landed");
            assertChainLives(rig, later, 3);
            assertEquals(1, rig.cc.counters().invalidGrants());
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName() + " (held PutSecretValue=" + held.injected() + ")");
        }
    }

    @Test
    void anInvalidGrantAfterATakeoverFindsTheLateWriteAndRollsForwardInsteadOfCondemning(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().build())) {
            TokenService slowHolder = rig.service("slow-holder");
            TokenService successor = rig.service("successor");
            rig.advance(Duration.ofHours(25));
            CountDownLatch land = new CountDownLatch(1);
            FaultRule heldWrites = rig.aws.add(FaultRule.on(FaultRig.PUT).whenBodyContains(rig.vault.secretId(FaultRig.TENANT))
                    .always(new Fault.Hold(land, Duration.ofSeconds(60))));
            Outcome gaveUp = rig.call(slowHolder, Duration.ofSeconds(11));
            assertFalse(gaveUp.ok(), gaveUp.toString());
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "CC rotated: generation 1's refresh token is dead");

            // the successor's refresh reaches CC only after the slow holder's write has landed
            CountDownLatch toCc = new CountDownLatch(1);
            FaultRule heldRefresh = rig.ccFront.add(FaultRule.on(FaultRig.TOKEN_PATH).times(1, new Fault.Hold(toCc, Duration.ofSeconds(10))));
            CompletableFuture<Outcome> s = CompletableFuture.supplyAsync(() -> rig.call(successor, Duration.ofSeconds(30)));
            await(() -> heldRefresh.injected() == 1, Duration.ofSeconds(10), "the successor sending generation 1's token");
            land.countDown();
            await(() -> heldWrites.forwarded() == heldWrites.injected(), Duration.ofSeconds(5), "the held writes landed");
            rig.aws.remove(heldWrites);
            toCc.countDown();
            Outcome o = s.get(60, TimeUnit.SECONDS);

            assertEquals(2, o.generation(), "invalid_grant examined: the slower holder's generation 2 adopted: " + o);
            assertEquals(ConnectionStatus.ACTIVE, rig.pointer().status(), "never condemned");
            assertEquals(1, rig.cc.counters().successfulRefreshes());
            assertEquals(1, rig.cc.counters().invalidGrants(), "the successor's refusal, examined");
            Stored st = rig.stored();
            assertEquals(2, st.generation());
            assertEquals(st.versionId(), st.current());
            assertChainLives(rig, successor, 3);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName());
        }
    }

    // ---- 4. a 200 CC answered that cannot be used as it is ----

    static Stream<Arguments> unusableAnswers() {
        return Stream.of(
                Arguments.of("without expires_in", edit(n -> n.remove("expires_in")), 300L, 2L),
                Arguments.of("expires_in 0", edit(n -> n.put("expires_in", 0)), 300L, 2L),
                Arguments.of("expires_in -3600", edit(n -> n.put("expires_in", -3600)), 300L, 2L),
                Arguments.of("expires_in not a number", edit(n -> n.put("expires_in", "soon")), 300L, 2L),
                Arguments.of("expires_in absurdly large", edit(n -> n.put("expires_in", 1e15)), 86_400L, 2L),
                Arguments.of("empty access_token", edit(n -> n.put("access_token", "")), 86_400L, 3L));
    }

    @ParameterizedTest(name = "a 200 {0}: its refresh token is stored")
    @MethodSource("unusableAnswers")
    void anUnusable200KeepsItsRefreshToken(String what, UnaryOperator<String> rewrite, long lifetimeSeconds, long generation,
                                           TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().tokenEndpointRateLimit(false).build())) {
            TokenService tokens = rig.service("caller");
            rig.advance(Duration.ofHours(25));
            FaultRule spoil = rig.ccFront.add(FaultRule.on(FaultRig.TOKEN_PATH).times(1, new Fault.Rewrite(what, rewrite)));
            Instant asked = rig.now();

            Outcome o = rig.call(tokens, Duration.ofSeconds(30));

            assertEquals(1, spoil.injected());
            assertEquals(generation, o.generation(), o.toString());
            long left = Duration.between(asked, o.grant().expiresAt()).toSeconds();
            assertTrue(Math.abs(left - lifetimeSeconds) <= 5, "access token lifetime " + left + " s, expected " + lifetimeSeconds);
            Stored s = rig.stored();
            assertEquals(generation, s.generation());
            assertEquals("ACTIVE", s.status());
            assertEquals(generation, s.versionDigests().size(), "every set CC issued is stored");
            assertEquals(s.versionId(), s.current());
            assertEquals(generation - 1, rig.cc.counters().successfulRefreshes(),
                    generation == 2 ? "exactly one redemption" : "one more redemption for the set without an access token");
            assertEquals(0, rig.cc.counters().invalidGrants());
            assertChainLives(rig, tokens, generation + 1);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName());
        }
    }

    @Test
    void aNonJson200IsRetriedPromptlyWithTheSameTokenAndAGraceWindowRecoversIt(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().refreshMode(RefreshTokenMode.ROTATING_GRACE)
                .graceWindow(Duration.ofSeconds(30)).build())) {
            TokenService tokens = rig.service("caller");
            rig.advance(Duration.ofHours(25));
            rig.cc.control().injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule.body(BodyFault.MALFORMED).times(1));

            Outcome o = rig.call(tokens, Duration.ofSeconds(30));

            assertEquals(2, o.generation(), o.toString());
            List<RefreshRedemption> r = rig.cc.counters().redemptions().stream()
                    .filter(x -> x.outcome() != RedemptionOutcome.RATE_LIMITED).toList();
            assertEquals(2, r.size(), "the spoiled answer, then the retry: " + r.stream().map(RefreshRedemption::outcome).toList());
            assertEquals(r.get(0).tokenFingerprint(), r.get(1).tokenFingerprint(), "the retry presents the same refresh token");
            assertTrue(Duration.between(r.get(0).at(), r.get(1).at()).compareTo(Duration.ofSeconds(3)) < 0, "promptly");
            assertEquals(0, rig.cc.counters().invalidGrants());
            Stored s = rig.stored();
            assertEquals(2, s.generation());
            assertEquals(s.versionId(), s.current());
            assertChainLives(rig, tokens, 3);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName());
        }
    }

    @Test
    void aNonJson200UnderStrictRotationIsDiagnosedPreciselyAndTheStoredSetKept(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().tokenEndpointRateLimit(false).build())) {
            TokenService tokens = rig.service("caller");
            rig.advance(Duration.ofHours(25));
            Stored before = rig.stored();
            FaultRule spoil = rig.ccFront.add(FaultRule.on(FaultRig.TOKEN_PATH).times(1, Fault.notJson()));

            Outcome o = rig.call(tokens, Duration.ofSeconds(30));

            assertEquals(1, spoil.injected());
            TokenUnavailableException e = assertInstanceOf(TokenUnavailableException.class, o.error(), o.toString());
            assertTrue(e.getMessage().contains("its answer was lost"), e.getMessage());
            assertEquals("re-authorize: cch authorize --tenant " + FaultRig.TENANT, e.operatorAction());
            assertEquals(ConnectionStatus.REAUTH_REQUIRED, rig.pointer().status());
            Stored after = rig.stored();
            assertEquals(before.versionDigests(), after.versionDigests(), "the stored set is kept");
            assertEquals(before.generation(), after.generation());
            assertEquals(1, rig.cc.counters().successfulRefreshes(), "CC did rotate");
            assertEquals(1, rig.cc.counters().invalidGrants(), "the prompt same-token retry");
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName());
        }
    }

    // ---- helpers ----

    /** The newest stored refresh token is the live one: a day later it redeems once more, without invalid_grant. */
    static void assertChainLives(FaultRig rig, TokenService tokens, long nextGeneration) {
        rig.aws.clear();
        rig.ccFront.clear();
        rig.cc.control().clearFaults();
        long invalid = rig.cc.counters().invalidGrants();
        rig.advance(Duration.ofHours(25));
        Outcome o = rig.call(tokens, Duration.ofSeconds(30));
        assertEquals(nextGeneration, o.generation(), "the stored refresh token redeems: " + o);
        assertEquals(invalid, rig.cc.counters().invalidGrants());
    }

    static UnaryOperator<String> edit(java.util.function.Consumer<ObjectNode> change) {
        return body -> {
            try {
                ObjectNode n = (ObjectNode) JSON.readTree(body);
                change.accept(n);
                return JSON.writeValueAsString(n);
            } catch (Exception e) {
                throw new IllegalStateException("the token endpoint's answer is not a JSON object");
            }
        };
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
