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
}
