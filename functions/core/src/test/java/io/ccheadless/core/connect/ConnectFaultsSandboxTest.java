package io.ccheadless.core.connect;

import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.faults.BodyFault;
import io.ccheadless.sandbox.faults.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ccheadless.core.connect.ConnectSandboxFixture.T;
import static io.ccheadless.core.connect.ConnectSandboxFixture.json;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The connect-time calls to CC (account summary, user privileges, the redemption) under the sandbox's injected
 * faults, through the real HTTP clients: what CC answers transiently is retried, what it keeps failing refuses the
 * connection with nothing stored, and a lost redemption answer is retried once inside any grace window.
 */
class ConnectFaultsSandboxTest {
    ConnectSandboxFixture f;

    void start(SandboxConfig.Builder config) {
        f = new ConnectSandboxFixture(config.tokenEndpointRateLimit(false));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    TokenImport.Imported importing(TokenSet t) {
        return f.importer().run(T, ImportedTokens.parse(json(t), f.clock.instant()), ClientType.CONFIDENTIAL, false,
                f.deadline());
    }

    @Test
    void transientFailuresAndLatencyOfTheAccountChecksAreRetried() {
        start(SandboxConfig.builder());
        TokenSet given = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.USER_PRIVILEGES, FaultRule.errors(1.0, 503).times(2));
        f.cc.control().injectFault(SandboxRoutes.ACCOUNT_SUMMARY, FaultRule.errors(1.0, 429).withLatency(Duration.ofMillis(300)).times(1));

        assertEquals(1, importing(given).generation());
        assertEquals(3, f.cc.counters().requests(SandboxRoutes.USER_PRIVILEGES), "two 503s, then the answer");
    }

    @Test
    void privilegesThatKeepFailingRefuseTheImportAndSpendNothing() {
        start(SandboxConfig.builder().refreshMode(RefreshTokenMode.ROTATING_STRICT));
        TokenSet given = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.USER_PRIVILEGES, FaultRule.errors(1.0, 500));

        ConnectRefused r = assertThrows(ConnectRefused.class, () -> importing(given));

        assertEquals(ConnectRefused.Reason.UNAVAILABLE, r.reason());
        assertEquals("nothing writes=0", f.stored());
        assertEquals(1, f.cc.counters().requests(SandboxRoutes.TOKEN), "the refresh token was never presented");
    }

    @Test
    void aMalformedOrTruncatedSummaryIsNotAnAccount() {
        start(SandboxConfig.builder());
        TokenSet given = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.ACCOUNT_SUMMARY, FaultRule.body(BodyFault.MALFORMED));
        assertEquals(ConnectRefused.Reason.UNAVAILABLE, assertThrows(ConnectRefused.class, () -> importing(given)).reason());
        f.cc.control().injectFault(SandboxRoutes.ACCOUNT_SUMMARY, FaultRule.body(BodyFault.TRUNCATED));
        assertEquals(ConnectRefused.Reason.UNAVAILABLE, assertThrows(ConnectRefused.class, () -> importing(given)).reason());
        assertEquals("nothing writes=0", f.stored());
        f.cc.control().clearFaults();
        assertEquals(1, importing(given).generation(), "the same set imports once CC answers properly");
    }

    @Test
    void aLostRedemptionAnswerIsRetriedOnceInsideTheGraceWindow() {
        start(SandboxConfig.builder().refreshMode(RefreshTokenMode.ROTATING_GRACE).graceWindow(Duration.ofSeconds(30)));
        TokenSet given = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.TOKEN, FaultRule.dropResponseAfterProcessing().times(1));

        TokenImport.Imported done = importing(given);

        assertEquals(1, done.generation());
        assertTrue(done.rotated());
        assertEquals(3, f.cc.counters().requests(SandboxRoutes.TOKEN), "the code exchange, the lost answer, the retry");
    }

    @Test
    void aLostRedemptionAnswerUnderStrictRotationIsRefusedSayingTheSetIsSpent() {
        start(SandboxConfig.builder().refreshMode(RefreshTokenMode.ROTATING_STRICT));
        TokenSet given = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.TOKEN, FaultRule.dropResponseAfterProcessing().times(1));

        ConnectRefused r = assertThrows(ConnectRefused.class, () -> importing(given));

        assertEquals(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, r.reason());
        assertTrue(r.getMessage().contains("answer to the redemption was lost"), r.getMessage());
        assertEquals("nothing writes=0", f.stored());
    }

    @Test
    void theCallbackRefusesWith503WhenThePrivilegesCannotBeReadAndKeepsTheChain() {
        start(SandboxConfig.builder());
        importing(f.generatedBy(f.cc.users().demoOwner()));
        String before = f.stored();
        ConnectGuardSandboxTest g = new ConnectGuardSandboxTest();
        g.f = f;
        g.authorization = new Authorization(new ConnectGuardSandboxTest.States(), f.cc.authBaseUri(),
                () -> new io.ccheadless.core.oauth.ClientCredentials(f.cc.clientId(),
                        io.ccheadless.core.oauth.Secret.of(f.cc.clientSecret())), f.clock);
        g.callback = new CallbackFlow(g.authorization, f.tokens, f.oauth, f.api, f.advance, f.events);
        f.cc.control().injectFault(SandboxRoutes.USER_PRIVILEGES, FaultRule.errors(1.0, 503));

        Authorization.Refused r = assertThrows(Authorization.Refused.class, () -> g.viaLink(f.cc.users().demoOwner(), false));

        assertEquals(503, r.status());
        assertEquals(before, f.stored());
    }
}
