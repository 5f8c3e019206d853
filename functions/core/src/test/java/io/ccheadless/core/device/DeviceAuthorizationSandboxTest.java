package io.ccheadless.core.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.DeviceCode;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The device flow against the in-process CC sandbox, on the sandbox's clock: every wait between polls
 * advances that clock instead of sleeping, so intervals, slow_down and expiry are decided by CC's rules.
 * Token storage is the real {@link TokenService} over the in-memory pointer store and vault.
 */
class DeviceAuthorizationSandboxTest {
    static final String T = "acme";
    static final Duration S5 = Duration.ofSeconds(5);
    static final Duration S10 = Duration.ofSeconds(10);
    /** Not the sandbox client's secret: a chain refreshed with Basic auth would be refused with invalid_client. */
    static final String WRONG_SECRET = "not-the-client-secret";

    CcSandbox cc;
    Clock clock;
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final List<String> logLines = new ArrayList<>();
    OAuthClient oauth;
    TokenService tokens;
    CcApi api;
    /** What the device flow asked to wait, in order. */
    final List<Duration> waits = new ArrayList<>();
    String userCode;

    /** Starts the sandbox; the deployment's client credentials carry its real secret or {@link #WRONG_SECRET}. */
    void start(SandboxConfig.Builder config, boolean realSecret) {
        cc = CcSandbox.start(config.clock(SandboxClock.fixed(Instant.parse("2026-11-01T09:00:00Z"))).campaigns(6).build());
        clock = cc.clock().asClock();
        Sleeper advance = d -> cc.clock().advance(d);
        HttpExchange http = HttpExchange.withDefaults(Duration.ofSeconds(5));
        oauth = new OAuthClient(http, cc.authBaseUri(),
                new ClientCredentials(cc.clientId(), Secret.of(realSecret ? cc.clientSecret() : WRONG_SECRET)));
        tokens = new TokenService(pointers, vault, oauth, new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")),
                TokenPolicy.defaults(), clock, advance, RandomGenerator.of("L64X128MixRandom"), "test");
        api = new CcApi(http, cc.baseUri(), 4, clock, advance, RandomGenerator.of("L64X128MixRandom"));
    }

    @AfterEach
    void stop() {
        if (cc != null) {
            cc.close();
        }
        for (String l : logLines) {
            assertFalse(l.matches(".*eyJ[A-Za-z0-9_-]{8,}\\..*"), l);
        }
    }

    /**
     * The device flow with a sleeper that records each wait and advances the sandbox clock by it — by
     * {@code early} less on wait number {@code earlyAt}, as a poller whose clock runs fast would — then lets
     * {@code onWait} act as the user in a browser.
     */
    DeviceAuthorization device(int earlyAt, Duration early, IntConsumer onWait) {
        Sleeper sleeper = d -> {
            waits.add(d);
            cc.clock().advance(waits.size() == earlyAt ? d.minus(early) : d);
            onWait.accept(waits.size());
        };
        return new DeviceAuthorization(oauth, tokens, api, clock, sleeper, ConnectEvents.logging(new Log(logLines::add, clock, "t")));
    }

    DeviceAuthorization device(IntConsumer onWait) {
        return device(0, Duration.ZERO, onWait);
    }

    DeviceAuthorization.Connected run(DeviceAuthorization flow) {
        DeviceCode code = flow.start(T);
        userCode = code.userCode();
        return flow.await(T, code);
    }

    DeviceAuthorization.Failed runFailing(DeviceAuthorization flow) {
        return assertThrows(DeviceAuthorization.Failed.class, () -> run(flow));
    }

    /** Connects T through the authorization-code flow (a confidential chain), as the callback does. */
    long connectWithCode() {
        String redirect = "http://127.0.0.1:8765/oauth/callback";
        String code = cc.issueAuthorizationCode(cc.clientId(), redirect, Set.of("account_read", "campaign_data", "offline_access"), null);
        return tokens.connect(T, now -> oauth.exchangeCode(code, redirect, null, now), deadline());
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(1));
    }

    TokenSet stored() {
        return vault.read(T, pointers.read(T).orElseThrow().versionId());
    }

    JsonNode apiGet(String path) {
        Instant deadline = deadline();
        return api.client(new AccessTokens() {
            @Override
            public AccessGrant current() {
                return tokens.accessToken(T, deadline);
            }

            @Override
            public AccessGrant afterRejection(long generation) {
                return tokens.refreshAfter(T, generation, deadline);
            }
        }, deadline).get(path);
    }

    @Test
    void approvalAfterPendingPollsIsStoredAsTheNextGenerationThroughTheLease() {
        start(SandboxConfig.builder(), true);
        assertEquals(1, connectWithCode());
        int commitsBefore = pointers.commits;
        DeviceAuthorization flow = device(n -> {
            TokenPointer p = pointers.read(T).orElseThrow();
            assertEquals(1, p.generation(), "nothing is stored while the user has not approved");
            assertNull(p.lease(), "a pending poll releases the lease");
            if (n == 3) {
                assertTrue(cc.control().approveDevice(userCode));
            }
        });
        int acquisitionsBefore = pointers.acquisitions;

        DeviceAuthorization.Connected c = run(flow);

        assertEquals(List.of(S5, S5, S5), waits, "one poll per 5 s interval: pending, pending, approved");
        assertEquals(3, pointers.acquisitions - acquisitionsBefore, "every poll ran under the tenant's lease");
        assertEquals(2, c.generation());
        TokenPointer p = pointers.read(T).orElseThrow();
        assertEquals(2, p.generation());
        assertEquals("authorized", p.lastOutcome());
        assertNull(p.lease());
        assertEquals(commitsBefore + 1, pointers.commits, "one compare-and-set commit");
        assertEquals(ClientType.PUBLIC, stored().client());
        assertEquals(apiGet("/v3/account/summary").path("organization_name").asText(), c.accountName());
        assertTrue(apiGet("/v3/emails").has("campaigns"), "the stored access token works against the API");
    }

    @Test
    void slowDownAddsFiveSecondsToThisAndEveryLaterPoll() {
        start(SandboxConfig.builder(), true);
        // The second wait ends 2 s early (the poller's clock runs fast), so CC answers slow_down.
        DeviceAuthorization flow = device(2, Duration.ofSeconds(2), n -> {
            if (n == 4) {
                assertTrue(cc.control().approveDevice(userCode));
            }
        });

        DeviceAuthorization.Connected c = run(flow);

        // Had the interval stayed at 5 s, CC (now expecting 10 s) would answer slow_down again and again.
        assertEquals(List.of(S5, S5, S10, S10), waits);
        assertEquals(1, c.generation());
    }

    @Test
    void denialStopsWithAClearMessageAndStoresNothing() {
        start(SandboxConfig.builder(), true);
        assertEquals(1, connectWithCode());
        TokenPointer before = pointers.read(T).orElseThrow();
        int writes = vault.writes;

        DeviceAuthorization.Failed f = runFailing(device(n -> {
            if (n == 2) {
                assertTrue(cc.control().denyDevice(userCode));
            }
        }));

        assertEquals(DeviceAuthorization.Reason.DENIED, f.reason());
        assertTrue(f.getMessage().contains("denied at Constant Contact, so nothing was connected"), f.getMessage());
        assertTrue(f.advice().contains("cch device-authorize --tenant acme"), f.advice());
        assertEquals(List.of(S5, S5), waits, "stops at the first access_denied");
        assertEquals(before, pointers.read(T).orElseThrow(), "pointer unchanged, lease released");
        assertEquals(writes, vault.writes);
    }

    @Test
    void expiryStopsWithAClearMessageAndStoresNothing() {
        start(SandboxConfig.builder().deviceCodeLifetime(Duration.ofSeconds(20)), true);

        DeviceAuthorization.Failed f = runFailing(device(n -> { }));

        assertEquals(DeviceAuthorization.Reason.EXPIRED, f.reason());
        assertTrue(f.getMessage().contains("expired") && f.getMessage().contains("nothing was connected"), f.getMessage());
        assertEquals(List.of(S5, S5, S5, S5), waits, "polled at 5, 10, 15 s (pending) and 20 s (expired_token)");
        Optional<TokenPointer> p = pointers.read(T);
        assertTrue(p.isEmpty() || !p.get().connected(), "the tenant is not connected");
        assertEquals(0, vault.writes);
    }

    @Test
    void aDeviceFlowTenantRefreshesAsAPublicClientAfterExpiry() {
        start(SandboxConfig.builder(), false);   // the stored client secret is wrong: only a public refresh can work
        run(device(n -> {
            if (n == 1) {
                assertTrue(cc.control().approveDevice(userCode));
            }
        }));
        TokenSet first = stored();
        cc.clock().advance(Duration.ofHours(25));   // the 24-hour access token has expired

        JsonNode summary = apiGet("/v3/account/summary");

        assertFalse(summary.path("organization_name").asText().isBlank());
        TokenPointer p = pointers.read(T).orElseThrow();
        assertEquals(2, p.generation(), "refreshed once and stored as generation 2");
        assertEquals("refreshed", p.lastOutcome());
        TokenSet second = stored();
        assertEquals(ClientType.PUBLIC, second.client(), "the chain stays public through its refreshes");
        assertNotEquals(first.refreshToken(), second.refreshToken(), "rotated");
    }

    @Test
    void aConfidentialTenantStillRefreshesWithTheClientSecret() {
        start(SandboxConfig.builder(), true);
        assertEquals(1, connectWithCode());
        assertEquals(ClientType.CONFIDENTIAL, stored().client());
        cc.clock().advance(Duration.ofHours(25));

        assertTrue(apiGet("/v3/emails").has("campaigns"));   // the sandbox refuses a confidential chain's refresh without Basic auth

        assertEquals(2, pointers.read(T).orElseThrow().generation());
        assertEquals(ClientType.CONFIDENTIAL, stored().client());
    }

    @Test
    void aConfidentialTenantIsRefusedWhenTheSecretIsWrong() {
        // The control for the public-refresh test: the same wrong secret does break a confidential chain.
        start(SandboxConfig.builder(), true);
        assertEquals(1, connectWithCode());
        OAuthClient wrong = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(5)), cc.authBaseUri(),
                new ClientCredentials(cc.clientId(), Secret.of(WRONG_SECRET)));
        TokenService withWrongSecret = new TokenService(pointers, vault, wrong,
                new LoggingTokenTelemetry(new Log(logLines::add, clock, "t")), TokenPolicy.defaults(), clock,
                d -> cc.clock().advance(d), RandomGenerator.of("L64X128MixRandom"), "test");
        cc.clock().advance(Duration.ofHours(25));

        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> withWrongSecret.accessToken(T, deadline()));

        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertEquals(1, pointers.read(T).orElseThrow().generation());
    }
}
