package io.ccheadless.core.token;

import java.time.Instant;

/**
 * What a caller asking for an access token does, decided from the pointer alone (no I/O): the pure half of
 * {@link TokenService#accessToken}. Invariant 7 of docs/token-lifecycle.md: nobody waits while a valid token exists.
 */
enum TokenDecision {
    /** FRESH and nothing unfinished: use it. */
    USE,
    /**
     * Valid, but inside the refresh-ahead window, or left with an abandoned intent: use it, and try the lease
     * without waiting (the holder refreshes or recovers the unfinished redemption).
     */
    USE_AND_REFRESH,
    /** Expired, or too close to expiry to send: a redemption must happen first (wait for the holder or redeem). */
    REDEEM;

    static TokenDecision of(TokenPointer p, Instant now, TokenPolicy policy) {
        Freshness f = policy.classify(p.accessTokenExpiresAt(), now);
        if (f == Freshness.EXPIRED) {
            return REDEEM;
        }
        boolean abandoned = p.intent() != null && policy.endedForEveryone(p.lease(), now);
        return f == Freshness.FRESH && !abandoned ? USE : USE_AND_REFRESH;
    }
}
