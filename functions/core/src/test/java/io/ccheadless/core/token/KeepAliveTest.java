package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.FakeTokenEndpoint;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.testing.SteppingClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

class KeepAliveTest {
    static final String T = "acme";
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final FakeTokenEndpoint cc = new FakeTokenEndpoint();
    TokenService tokens;
    KeepAlive keepAlive;

    @BeforeEach
    void connect() {
        tokens = new TokenService(pointers, new InMemoryTokenVault(), cc, new LoggingTokenTelemetry(new Log(l -> { }, clock, "t")),
                TokenPolicy.defaults(), clock, clock, RandomGenerator.of("L64X128MixRandom"), "keep-alive");
        tokens.connect(T, cc::issue, clock.instant().plusSeconds(60));
        keepAlive = new KeepAlive(tokens, clock, Duration.ofDays(3));
    }

    Instant deadline() {
        return clock.instant().plusSeconds(60);
    }

    @Test
    void aRecentlyUsedChainIsLeftAlone() {
        clock.advance(Duration.ofDays(2));
        KeepAlive.Result r = keepAlive.run(T, deadline());
        assertFalse(r.refreshed());
        assertEquals(0, cc.redemptions);
        assertEquals(Duration.ofDays(2), r.report().idle(clock.instant()));
    }

    @Test
    void anIdleChainIsRefreshedThroughTheLeaseEvenIfTheAccessTokenIsFresh() {
        clock.advance(Duration.ofDays(3));
        tokens.refreshAfter(T, 0, deadline());   // no-op: generation 1 is already past 0
        assertEquals(0, cc.redemptions);
        KeepAlive.Result r = keepAlive.run(T, deadline());
        assertTrue(r.refreshed());
        assertEquals(1, cc.redemptions);
        assertEquals(2, r.report().generation());
        assertEquals(Duration.ZERO, r.report().idle(clock.instant()));
        assertEquals(1, pointers.acquisitions - 1, "one lease beyond the connect's");
    }

    @Test
    void aReauthRequiredTenantIsReportedNotRedeemed() {
        clock.advance(Duration.ofDays(2));
        cc.failNext(new InvalidGrantException("revoked"));
        clock.advance(Duration.ofHours(25));
        assertThrows(TokenUnavailableException.class, () -> tokens.accessToken(T, deadline()));
        int redemptions = cc.redemptions;
        clock.advance(Duration.ofDays(5));
        KeepAlive.Result r = keepAlive.run(T, deadline());
        assertFalse(r.refreshed());
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, r.report().status());
        assertEquals(redemptions, cc.redemptions);
    }

    @Test
    void rejectsAnIdleLimitBeyondWhatCcAllows() {
        assertThrows(IllegalArgumentException.class, () -> new KeepAlive(tokens, clock, Duration.ofDays(200)));
    }

    @Test
    void acceptsIdleLimitsUpToNinetyDaysAndNothingEmpty() {
        assertDoesNotThrow(() -> new KeepAlive(tokens, clock, Duration.ofDays(90)));
        assertThrows(IllegalArgumentException.class, () -> new KeepAlive(tokens, clock, Duration.ofDays(90).plusMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new KeepAlive(tokens, clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new KeepAlive(tokens, clock, Duration.ofSeconds(-1)));
    }
}
