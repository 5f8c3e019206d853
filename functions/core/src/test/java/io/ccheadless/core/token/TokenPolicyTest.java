package io.ccheadless.core.token;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class TokenPolicyTest {
    final TokenPolicy p = TokenPolicy.defaults();
    final Instant exp = Instant.parse("2026-11-02T00:00:00Z");

    @Test
    void classifiesFreshStaleAndExpiredAtTheMargins() {
        assertEquals(Freshness.FRESH, p.classify(exp, exp.minus(Duration.ofHours(2))));
        assertEquals(Freshness.STALE, p.classify(exp, exp.minus(Duration.ofMinutes(59))));
        assertEquals(Freshness.EXPIRED, p.classify(exp, exp.minus(Duration.ofMinutes(1))));
        assertEquals(Freshness.EXPIRED, p.classify(exp, exp.plusSeconds(1)));
    }

    @Test
    void leaseIsBoundedByTheInvocationsRemainingTime() {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        assertEquals(now.plusSeconds(60), p.leaseUntil(now, now.plusSeconds(600)));
        assertEquals(now.plusSeconds(20 - 3), p.leaseUntil(now, now.plusSeconds(20)));
    }

    @Test
    void rejectsMarginsThatContradictEachOther() {
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(4),
                Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void theRedemptionBudgetIsThreeStoreCallsTheTokenCallAndTheSkew() {
        assertEquals(Duration.ofSeconds(3 * 4 + 8 + 4), p.redemptionBudget());
        TokenPolicy.CallBounds b = new TokenPolicy.CallBounds(Duration.ofMillis(1500), Duration.ofSeconds(1));
        TokenPolicy small = new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofMillis(5000), Duration.ofMillis(500),
                b, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(50));
        assertEquals(Duration.ofMillis(5000), small.redemptionBudget(), "a lease exactly as long as the budget is allowed");
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofMillis(4999), Duration.ofMillis(500), b, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(50)));
    }

    @Test
    void boundsAndMarginsMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy.CallBounds(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy.CallBounds(Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy.CallBounds(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(-1),
                Duration.ofMillis(100), Duration.ofSeconds(2)), "negative skew");
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(-3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(4),
                Duration.ofMillis(100), Duration.ofSeconds(2)), "negative margin");
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(4),
                Duration.ofMillis(100), Duration.ofSeconds(2)), "refresh-ahead equal to the expiry skew");
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(4),
                Duration.ZERO, Duration.ofSeconds(2)), "no initial wait");
        assertThrows(IllegalArgumentException.class, () -> new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofSeconds(60), Duration.ofSeconds(3), TokenPolicy.DEFAULT_BOUNDS, Duration.ofSeconds(4),
                Duration.ofMillis(100), Duration.ofMillis(99)), "a cap below the first wait");
        assertDoesNotThrow(() -> new TokenPolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO,
                TokenPolicy.DEFAULT_BOUNDS, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100)));
    }

    @Test
    void aLeaseIsTakenOverOnlyOnceItEndedForAClockThatIsTheWholeSkewBehind() {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        assertEquals(now.minusSeconds(4), p.takeoverCutoff(now));
        assertTrue(p.endedForEveryone(null, now));
        assertTrue(p.endedForEveryone(new Lease("o", "f", now.minusSeconds(4)), now));
        assertFalse(p.endedForEveryone(new Lease("o", "f", now.minusSeconds(4).plusMillis(1)), now));
    }

    @Test
    void aStoreCallIsStartedOnlyIfItEndsWithinTheLease() {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        assertTrue(p.coversStoreCall(new Lease("o", "f", now.plusSeconds(4)), now));
        assertFalse(p.coversStoreCall(new Lease("o", "f", now.plusSeconds(4).minusMillis(1)), now));
    }
}
