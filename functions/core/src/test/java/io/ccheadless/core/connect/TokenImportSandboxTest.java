package io.ccheadless.core.connect;

import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.auth.ResourceOwner;
import io.ccheadless.sandbox.faults.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.ccheadless.core.connect.ConnectSandboxFixture.T;
import static io.ccheadless.core.connect.ConnectSandboxFixture.json;
import static org.junit.jupiter.api.Assertions.*;

/** {@code cch connect import}'s use case against the CC sandbox: every way in, and every way it must refuse. */
class TokenImportSandboxTest {
    ConnectSandboxFixture f;

    ConnectSandboxFixture start(RefreshTokenMode mode) {
        f = new ConnectSandboxFixture(SandboxConfig.builder().refreshMode(mode).tokenEndpointRateLimit(false));
        return f;
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    TokenImport.Imported importing(String input, boolean allowChange) {
        return f.importer().run(T, ImportedTokens.parse(input, f.clock.instant()), ClientType.CONFIDENTIAL, allowChange,
                f.deadline());
    }

    ConnectRefused refused(String input, boolean allowChange) {
        return assertThrows(ConnectRefused.class, () -> importing(input, allowChange));
    }

    @Test
    void aGoodSetIsVerifiedRedeemedOnceAndTheImportedCopyIsDeadUnderStrictRotation() {
        start(RefreshTokenMode.ROTATING_STRICT);
        ResourceOwner demo = f.cc.users().demoOwner();
        TokenSet colleagues = f.generatedBy(demo);
        int redemptionsBefore = f.pointers.commits;

        TokenImport.Imported done = importing(json(colleagues), false);

        assertEquals(1, done.generation());
        assertEquals(demo.accountId(), done.account().encodedAccountId());
        assertFalse(done.account().organizationName().isBlank());
        assertTrue(done.rotated(), "strict rotation: CC issued a new refresh token");
        assertNull(done.previousAccount());
        assertEquals(redemptionsBefore + 1, f.pointers.commits, "one compare-and-set commit");
        TokenSet stored = f.current();
        assertEquals(demo.accountId(), stored.account(), "the connected account is recorded with the chain");
        assertNotEquals(colleagues.refreshToken(), stored.refreshToken());
        assertEquals("authorized", f.pointers.read(T).orElseThrow().lastOutcome());

        // The colleague's copy is dead: CC refuses its refresh token now.
        assertThrows(InvalidGrantException.class, () -> f.oauth.refresh(colleagues, f.clock.instant()));
        // ... and this service's chain lives on, refresh after refresh, carrying the account.
        AccessGrant g = f.tokens.refreshAfter(T, 1, f.deadline());
        assertEquals(2, g.generation());
        assertEquals(demo.accountId(), f.current().account(), "a refresh keeps the chain's account");
        assertEquals(1, f.connections.size());
        assertEquals(ConnectPath.IMPORT, f.connections.getFirst().path());
        assertFalse(f.connections.getFirst().accountChanged());
        assertTrue(f.logLines.stream().anyMatch(l -> l.contains("\"logger\":\"audit\"") && l.contains(demo.accountId())
                && l.contains("import")), "an audit line names the tenant's account and the path");
    }

    @Test
    void aLongLivedSetIsImportedAndTheAnswerSaysOtherCopiesStillWork() {
        start(RefreshTokenMode.LONG_LIVED);
        TokenSet colleagues = f.generatedBy(f.cc.users().demoOwner());

        TokenImport.Imported done = importing(json(colleagues), false);

        assertFalse(done.rotated());
        assertEquals(colleagues.refreshToken(), f.current().refreshToken());
    }

    @Test
    void anAccessTokenCcRejectsIsRefusedBeforeTheRefreshTokenIsTouched() {
        start(RefreshTokenMode.ROTATING_STRICT);
        TokenSet colleagues = f.generatedBy(f.cc.users().demoOwner());
        f.cc.clock().advance(Duration.ofHours(25));   // the access token expired; the refresh token did not

        ConnectRefused r = refused(json(colleagues), false);

        assertEquals(ConnectRefused.Reason.ACCESS_TOKEN_REJECTED, r.reason());
        assertTrue(r.getMessage().contains("401"), r.getMessage());
        assertEquals("nothing writes=0", f.stored());
        assertEquals(1, f.cc.counters().requests(SandboxRoutes.TOKEN), "only the colleague's own code exchange");
        assertNotNull(f.oauth.refresh(colleagues, f.clock.instant()), "the imported refresh token was not spent");
        assertEquals(1, f.refusals.size());
    }

    @Test
    void aRefreshTokenCcRefusesIsRefusedAndNothingIsStored() {
        start(RefreshTokenMode.ROTATING_STRICT);
        TokenSet colleagues = f.generatedBy(f.cc.users().demoOwner());
        f.oauth.refresh(colleagues, f.clock.instant());   // the colleague refreshed once more: this copy is spent

        ConnectRefused r = refused(json(colleagues), false);

        assertEquals(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, r.reason());
        assertTrue(r.getMessage().contains("invalid_grant"), r.getMessage());
        assertEquals("nothing writes=0", f.stored());
        assertTrue(f.pointers.read(T).map(p -> p.lease() == null).orElse(true), "the lease was released");
    }

    @Test
    void aRefusedImportLeavesAnExistingConnectionByteForByte() {
        start(RefreshTokenMode.ROTATING_STRICT);
        importing(json(f.generatedBy(f.cc.users().demoOwner())), false);
        String before = f.stored();
        TokenSet spent = f.generatedBy(f.cc.users().demoOwner());
        f.oauth.refresh(spent, f.clock.instant());

        assertEquals(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, refused(json(spent), false).reason());
        assertEquals(ConnectRefused.Reason.MALFORMED_INPUT, assertThrows(ConnectRefused.class,
                () -> ImportedTokens.parse("{\"access_token\": 1}", f.clock.instant())).reason());
        assertEquals(before, f.stored());
    }

    @Test
    void aCcOutageAtTheTokenEndpointIsUnavailableAndStoresNothing() {
        start(RefreshTokenMode.ROTATING_STRICT);
        TokenSet colleagues = f.generatedBy(f.cc.users().demoOwner());
        f.cc.control().injectFault(SandboxRoutes.TOKEN, FaultRule.errors(1.0, 503));

        ConnectRefused r = refused(json(colleagues), false);

        assertEquals(ConnectRefused.Reason.UNAVAILABLE, r.reason());
        assertEquals("nothing writes=0", f.stored());
        f.cc.control().clearFaults();
        assertEquals(1, importing(json(colleagues), false).generation(), "CC did not rotate: the same set imports later");
    }

    @Test
    void aSetOfAnotherAccountIsRefusedUnlessTheChangeIsAsked() {
        start(RefreshTokenMode.ROTATING_STRICT);
        ResourceOwner demo = f.cc.users().demoOwner();
        ResourceOwner other = f.cc.users().otherOwner(0);
        importing(json(f.generatedBy(demo)), false);
        String before = f.stored();
        TokenSet theirs = f.generatedBy(other);

        ConnectRefused r = refused(json(theirs), false);

        assertEquals(ConnectRefused.Reason.ACCOUNT_CHANGED, r.reason());
        assertTrue(r.getMessage().contains(demo.accountId()) && r.getMessage().contains(other.accountId()), r.getMessage());
        assertTrue(r.advice().contains("--allow-account-change"), r.advice());
        assertEquals(before, f.stored(), "nothing changed");
        assertNotNull(f.oauth.refresh(theirs, f.clock.instant()), "their refresh token was not spent either");

        TokenImport.Imported done = importing(json(f.generatedBy(other)), true);
        assertTrue(done.accountChanged());
        assertEquals(demo.accountId(), done.previousAccount());
        assertEquals(other.accountId(), f.current().account());
        assertTrue(f.connections.getLast().accountChanged());
    }

    @Test
    void aUserWithoutTheReportingPrivilegeIsRefusedNamingIt() {
        start(RefreshTokenMode.ROTATING_STRICT);
        ResourceOwner colleague = f.cc.users().otherOwner(1);
        f.cc.users().setPrivileges(colleague.subject(), Set.of("account:read", "campaign:read"));

        ConnectRefused r = refused(json(f.generatedBy(colleague)), false);

        assertEquals(ConnectRefused.Reason.MISSING_PRIVILEGE, r.reason());
        assertTrue(r.getMessage().contains("ui:campaign:metrics"), r.getMessage());
        assertFalse(r.getMessage().contains("campaign:read and"), "only the missing privilege is named: " + r.getMessage());
        assertEquals("nothing writes=0", f.stored());
    }

    @Test
    void noRefusalOrLogLineHoldsAToken() {
        start(RefreshTokenMode.ROTATING_STRICT);
        TokenSet colleagues = f.generatedBy(f.cc.users().demoOwner());
        f.oauth.refresh(colleagues, f.clock.instant());
        ConnectRefused r = refused(json(colleagues), false);
        for (Secret s : new Secret[] {colleagues.accessToken(), colleagues.refreshToken()}) {
            assertFalse(r.getMessage().contains(s.reveal()) || r.advice().contains(s.reveal()));
            assertTrue(f.logLines.stream().noneMatch(l -> l.contains(s.reveal())));
        }
    }
}
