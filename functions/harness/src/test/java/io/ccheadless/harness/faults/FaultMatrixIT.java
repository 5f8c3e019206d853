package io.ccheadless.harness.faults;

import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.token.VaultException;
import io.ccheadless.harness.faults.FaultRig.Outcome;
import io.ccheadless.harness.faults.FaultRig.Stored;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every external call a redemption makes, under each kind of fault, through the real adapters: the chain survives
 * (generation 2, exactly one redemption at CC), or the caller fails with a precise retryable error, nothing stored
 * changed, and the next call survives. AWS faults last one whole call (2.2 s: longer than the 2 s bound of a call,
 * SDK retries included), so the core's own handling is what is tested, not only the SDK's retries.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultMatrixIT {
    /** Longer than one AWS call may take (the SDK's retries included), so the core sees the failure. */
    static final Duration WINDOW = FaultRig.BOUNDS.storeCall().plusMillis(200);
    /** Longer than one AWS call may take: the SDK gives up, the request still lands. */
    static final Duration SLOW = FaultRig.BOUNDS.storeCall().plusMillis(500);

    enum Call {
        GET_ITEM("DynamoDB GetItem (pointer read)"),
        UPDATE_ITEM_LEASE("DynamoDB UpdateItem (lease acquisition)"),
        UPDATE_ITEM_COMMIT("DynamoDB UpdateItem (pointer commit)"),
        GET_SECRET_VALUE("Secrets Manager GetSecretValue (current token set)"),
        PUT_SECRET_VALUE("Secrets Manager PutSecretValue (new token set)"),
        CREATE_SECRET("Secrets Manager CreateSecret (first authorization)"),
        CC_TOKEN("CC token endpoint (refresh)");

        final String description;

        Call(String description) {
            this.description = description;
        }
    }

    enum Kind { LATENCY, THROTTLING, SERVER_ERROR, RESET, MALFORMED }

    /**
     * SURVIVES: this call ends ACTIVE at the next generation. SURVIVES_OR_FAILS_CLEANLY: either that, or the call fails
     * with a precise retryable error, nothing stored changed, CC was not asked, and the next call survives (a fault
     * before anything was sent to CC: retrying it within the deadline or leaving it to the next run both keep the chain).
     */
    enum Expect { SURVIVES, SURVIVES_OR_FAILS_CLEANLY }

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (Call c : Call.values()) {
            for (Kind k : Kind.values()) {
                a.add(Arguments.of(c, k, expect(c, k)));
            }
        }
        return a.stream();
    }

    /**
     * Where a fault strikes before anything was sent to CC, the caller may be told (389c893 does not retry these reads
     * and the lease write); after it, the protocol must carry on to the next generation.
     */
    static Expect expect(Call c, Kind k) {
        return switch (c) {
            case GET_ITEM, GET_SECRET_VALUE, UPDATE_ITEM_LEASE -> Expect.SURVIVES_OR_FAILS_CLEANLY;
            case UPDATE_ITEM_COMMIT, PUT_SECRET_VALUE, CREATE_SECRET, CC_TOKEN -> Expect.SURVIVES;
        };
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @MethodSource("matrix")
    void aFaultOnOneCallLeavesTheChainIntact(Call call, Kind kind, Expect expect, TestInfo info) throws Exception {
        SandboxConfig.Builder config = FaultRig.sandbox().tokenEndpointRateLimit(false);
        if (call == Call.CC_TOKEN && kind == Kind.MALFORMED) {
            config.refreshMode(RefreshTokenMode.ROTATING_GRACE).graceWindow(Duration.ofSeconds(30));   // strict: FaultScenariosIT
        }
        try (FaultRig rig = call == Call.CREATE_SECRET ? FaultRig.startUnconnected(config.build()) : FaultRig.start(config.build())) {
            TokenService tokens = rig.service("caller");
            if (call == Call.CREATE_SECRET) {
                createSecretCase(rig, tokens, kind, info);
                return;
            }
            rig.advance(Duration.ofHours(25));   // expired: this call must redeem
            Stored before = rig.stored();
            FaultRule rule = arm(rig, call, kind);

            Outcome o = rig.call(tokens, Duration.ofSeconds(30));
            Duration firstCall = o.took();
            if (call == Call.CC_TOKEN && kind == Kind.LATENCY) {   // the slow first request is processed after the retry
                FaultScenariosIT.await(() -> rig.cc.counters().refreshRedemptions() == 2, Duration.ofSeconds(5), "the slow request");
            }
            long injected = rule == null ? ccInjected(rig) : rule.injected();
            assertTrue(injected >= 1, "the fault was injected");

            boolean failedCleanly = !o.ok();
            if (failedCleanly) {
                assertEquals(Expect.SURVIVES_OR_FAILS_CLEANLY, expect, "a fault after CC was asked must not fail the call: " + o);
                assertRetryableAndPrecise(o.error());
                rig.aws.clear();
                assertEquals(before, rig.stored(), "nothing stored changed");
                assertEquals(0, rig.cc.counters().refreshRedemptions(), "CC was not asked");
                rig.advance(FaultRig.POLICY.leaseLength().plus(FaultRig.POLICY.maxClockSkew()));   // the next run, later
                o = rig.call(tokens, Duration.ofSeconds(30));
            }
            assertEquals(2, o.generation(), "the chain survives: " + o);
            Stored s = rig.stored();
            assertEquals(2, s.generation());
            assertEquals(ConnectionStatus.ACTIVE.name(), s.status());
            assertNull(rig.pointer().intent());
            assertEquals(2, s.versionDigests().size(), "one version per generation");
            assertEquals(s.versionId(), s.current(), "pointer and vault agree");
            long successful = call == Call.CC_TOKEN && kind == Kind.MALFORMED ? 2 : 1;   // the spoiled answer did rotate
            assertEquals(successful, rig.cc.counters().successfulRefreshes(), "exactly one usable redemption at CC");
            // CC latency: the first request outlives the client's 2 s bound and is processed after the prompt retry
            long invalid = call == Call.CC_TOKEN && kind == Kind.LATENCY ? 1 : 0;
            assertEquals(invalid, rig.cc.counters().invalidGrants());
            FaultScenariosIT.assertChainLives(rig, tokens, 3);
            rig.assertNoTokenLeaked();
            rig.report(info.getDisplayName() + " (injected " + injected + ", faulted call " + (failedCleanly ? "failed cleanly" : "survived")
                    + " in " + firstCall.toMillis() + " ms)");
        }
    }

    /**
     * The lease write reaches DynamoDB but its answer is lost; the SDK's retry then fails its condition against the
     * very lease the first attempt wrote, and {@code ALL_OLD} names our own fence. The redeemer should recognise its
     * lease; the current adapter reports it as somebody else's, so the redeemer waits its own lease out (lease length
     * plus clock skew) before redeeming.
     */
    @org.junit.jupiter.api.Test
    void aLeaseWriteWhoseAnswerWasLostIsRecognisedAsOurs(TestInfo info) throws Exception {
        try (FaultRig rig = FaultRig.start(FaultRig.sandbox().tokenEndpointRateLimit(false).build())) {
            TokenService tokens = rig.service("caller");
            rig.advance(Duration.ofHours(25));
            FaultRule lost = rig.aws.add(FaultRule.on(FaultRig.UPDATE_ITEM).whenBodyContains(FaultRig.ACQUIRE_EXPRESSION)
                    .times(1, new Fault.Reset(true)));

            Outcome o = rig.call(tokens, Duration.ofSeconds(30));

            assertEquals(1, lost.injected());
            assertEquals(2, o.generation(), o.toString());
            assertEquals(1, rig.cc.counters().successfulRefreshes());
            rig.report(info.getDisplayName() + " (call " + o.took().toMillis() + " ms)");
            assertTrue(o.took().compareTo(FaultRig.POLICY.leaseLength()) < 0, "waited out its own lease: " + o);
        }
    }

    /** The first authorization of a tenant creates its secret: CreateSecret under the fault, then the pointer. */
    private void createSecretCase(FaultRig rig, TokenService tokens, Kind kind, TestInfo info) throws Exception {
        FaultRule rule = rig.aws.add(awsRule(FaultRule.on(FaultRig.CREATE_SECRET).whenBodyContains(rig.vault.secretId(FaultRig.TENANT)),
                kind, Fault.secretsThrottling(), Fault.secretsInternalError()));
        long generation = rig.connect(tokens);
        assertTrue(rule.injected() >= 1);
        assertEquals(1, generation);
        Stored s = rig.stored();
        assertEquals(1, s.generation());
        assertEquals(ConnectionStatus.ACTIVE.name(), s.status());
        assertEquals(1, s.versionDigests().size());
        assertEquals(s.versionId(), s.current());
        assertEquals(1, rig.cc.counters().requests(SandboxRoutes.TOKEN), "exactly one code exchange at CC");
        FaultScenariosIT.assertChainLives(rig, tokens, 2);
        rig.assertNoTokenLeaked();
        rig.report(info.getDisplayName() + " (injected " + rule.injected() + ")");
    }

    private static FaultRule arm(FaultRig rig, Call call, Kind kind) {
        String secret = rig.vault.secretId(FaultRig.TENANT);
        return switch (call) {
            case GET_ITEM -> rig.aws.add(awsRule(FaultRule.on(FaultRig.GET_ITEM).whenBodyContains(rig.direct.stateTable()), kind,
                    Fault.dynamoThroughputExceeded(), Fault.dynamoInternalError()));
            case UPDATE_ITEM_LEASE -> rig.aws.add(awsRule(FaultRule.on(FaultRig.UPDATE_ITEM).whenBodyContains(FaultRig.ACQUIRE_EXPRESSION),
                    kind, Fault.dynamoThrottling(), Fault.serviceUnavailable("application/x-amz-json-1.0")));
            case UPDATE_ITEM_COMMIT -> rig.aws.add(awsRule(FaultRule.on(FaultRig.UPDATE_ITEM).whenBodyContains(FaultRig.COMMIT_EXPRESSION),
                    kind, Fault.dynamoThroughputExceeded(), Fault.dynamoInternalError()));
            case GET_SECRET_VALUE -> rig.aws.add(awsRule(FaultRule.on(FaultRig.GET_SECRET).whenBodyContains(secret), kind,
                    Fault.secretsThrottling(), Fault.serviceUnavailable("application/x-amz-json-1.1")));
            case PUT_SECRET_VALUE -> rig.aws.add(awsRule(FaultRule.on(FaultRig.PUT).whenBodyContains(secret), kind,
                    Fault.secretsThrottling(), Fault.secretsInternalError()));
            case CREATE_SECRET -> throw new IllegalArgumentException("see createSecretCase");
            case CC_TOKEN -> armCc(rig, kind);
        };
    }

    /** One whole AWS call's worth of the fault: every matching request during {@link #WINDOW}. */
    private static FaultRule awsRule(FaultRule.Builder on, Kind kind, Fault.Answer throttle, Fault.Answer serverError) {
        return on.during(WINDOW, switch (kind) {
            case LATENCY -> new Fault.Delay(SLOW);
            case THROTTLING -> throttle;
            case SERVER_ERROR -> serverError;
            case RESET -> new Fault.Reset(true);
            case MALFORMED -> Fault.notJson();
        });
    }

    /** CC: the sandbox's own rules where they fit (they count at CC), the CC proxy for a reset before CC saw anything. */
    private static FaultRule armCc(FaultRig rig, Kind kind) {
        var control = rig.cc.control();
        switch (kind) {
            case LATENCY -> control.injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule
                    .latency(FaultRig.BOUNDS.tokenCall().plusSeconds(2)).times(1));
            case THROTTLING -> control.injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule.errors(1.0, 429).times(2));
            case SERVER_ERROR -> control.injectFault(SandboxRoutes.TOKEN, io.ccheadless.sandbox.faults.FaultRule.errors(1.0, 503).times(2));
            case RESET -> {
                return rig.ccFront.add(FaultRule.on(FaultRig.TOKEN_PATH).times(1, new Fault.Reset(false)));
            }
            case MALFORMED -> control.injectFault(SandboxRoutes.TOKEN,
                    io.ccheadless.sandbox.faults.FaultRule.body(io.ccheadless.sandbox.faults.BodyFault.TRUNCATED).times(1));
        }
        return null;
    }

    /** Refresh attempts CC saw beyond the one that was answered usably: the faulted ones. */
    private static long ccInjected(FaultRig rig) {
        return rig.cc.counters().refreshRedemptions() - 1;
    }

    /** A failure a scheduler may retry, naming what failed, without a token in it. */
    static void assertRetryableAndPrecise(RuntimeException e) {
        switch (e) {
            case StoreUnavailableException s -> assertTrue(s.getMessage().contains("tenant 'default'"), s.getMessage());
            case VaultException v -> {
                assertTrue(v.retryable(), v.getMessage());
                assertTrue(v.getMessage().contains("secret "), v.getMessage());
            }
            case TokenUnavailableException t -> assertTrue(t.retryable(), t.getMessage());
            default -> fail("not a precise retryable error: " + e);
        }
    }
}
