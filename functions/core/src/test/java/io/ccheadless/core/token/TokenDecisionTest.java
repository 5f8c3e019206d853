package io.ccheadless.core.token;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenDecisionTest {
    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    final TokenPolicy policy = TokenPolicy.defaults();

    static TokenPointer pointer(Duration left, Lease lease, RedemptionIntent intent) {
        return new TokenPointer("acme", 1, "v1", NOW.plus(left), NOW.minusSeconds(60), ConnectionStatus.ACTIVE, lease, intent,
                "refreshed", "c1");
    }

    static RedemptionIntent intent() {
        return new RedemptionIntent("f", 1, NOW.minusSeconds(120), "c1");
    }

    @Test
    void aFreshTokenWithNothingUnfinishedIsUsed() {
        assertEquals(TokenDecision.USE, TokenDecision.of(pointer(Duration.ofHours(5), null, null), NOW, policy));
    }

    @Test
    void aFreshTokenWithAnIntentWhoseHolderStillRunsIsUsed() {
        Lease running = new Lease("other", "f", NOW.plusSeconds(30));
        assertEquals(TokenDecision.USE, TokenDecision.of(pointer(Duration.ofHours(5), running, intent()), NOW, policy));
    }

    @Test
    void aValidTokenWithAnAbandonedIntentIsStaleNotExpired() {
        assertEquals(TokenDecision.USE_AND_REFRESH, TokenDecision.of(pointer(Duration.ofHours(5), null, intent()), NOW, policy));
        assertEquals(TokenDecision.USE_AND_REFRESH, TokenDecision.of(pointer(Duration.ofMinutes(30), null, intent()), NOW, policy));
    }

    @Test
    void anIntentIsAbandonedOnlyOnceItsLeaseEndedForEveryClock() {
        Lease justEnded = new Lease("other", "f", NOW.minusSeconds(1));   // ended by our clock, not by a clock 4 s behind
        assertEquals(TokenDecision.USE, TokenDecision.of(pointer(Duration.ofHours(5), justEnded, intent()), NOW, policy));
        Lease longEnded = new Lease("other", "f", NOW.minus(policy.maxClockSkew()));
        assertEquals(TokenDecision.USE_AND_REFRESH, TokenDecision.of(pointer(Duration.ofHours(5), longEnded, intent()), NOW, policy));
    }

    @Test
    void aStaleTokenIsUsedAndRefreshed() {
        assertEquals(TokenDecision.USE_AND_REFRESH, TokenDecision.of(pointer(Duration.ofMinutes(30), null, null), NOW, policy));
    }

    @Test
    void anExpiredTokenOrOneWithoutAnAccessTokenMustBeRedeemed() {
        assertEquals(TokenDecision.REDEEM, TokenDecision.of(pointer(Duration.ofMinutes(1), null, null), NOW, policy));
        assertEquals(TokenDecision.REDEEM, TokenDecision.of(pointer(Duration.ZERO, null, intent()), NOW, policy));
    }
}
