package io.ccheadless.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The token protocol's timing, validated once at construction (docs/token-lifecycle.md, "Time bounds").
 * The redemption budget is derived from the call bounds, never chosen by hand, so a lease that covers
 * the budget covers every call a redemption makes before its lease may be taken over.
 *
 * @param refreshAhead  a token with less than this left is STALE
 * @param expirySkew    a token with less than this left is EXPIRED (clock skew, request time)
 * @param leaseLength   the longest a lease lasts before it must be renewed
 * @param leaseMargin   kept free before the invocation's deadline
 * @param bounds        the total time one call to CC's token endpoint and one call to a store may take
 * @param maxClockSkew  the largest difference between two redeemers' clocks; an expired lease is taken over only
 *                      once it has been expired this long, so a holder with a slow clock is never overtaken
 * @param waitInitial   first backoff while waiting for another holder
 * @param waitMax       backoff cap while waiting
 */
public record TokenPolicy(Duration refreshAhead, Duration expirySkew, Duration leaseLength, Duration leaseMargin,
                          CallBounds bounds, Duration maxClockSkew, Duration waitInitial, Duration waitMax) {

    /**
     * @param tokenCall the total bound of one request to CC's token endpoint (connect, send, answer)
     * @param storeCall the total bound of one pointer-store or vault call, the SDK's own retries included
     */
    public record CallBounds(Duration tokenCall, Duration storeCall) {
        public CallBounds {
            Objects.requireNonNull(tokenCall, "tokenCall");
            Objects.requireNonNull(storeCall, "storeCall");
            if (!tokenCall.isPositive() || !storeCall.isPositive()) {
                throw new IllegalArgumentException("call bounds must be positive");
            }
        }
    }

    public TokenPolicy {
        Objects.requireNonNull(refreshAhead, "refreshAhead");
        Objects.requireNonNull(expirySkew, "expirySkew");
        Objects.requireNonNull(leaseLength, "leaseLength");
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(waitInitial, "waitInitial");
        Objects.requireNonNull(waitMax, "waitMax");
        if (expirySkew.isNegative() || refreshAhead.compareTo(expirySkew) <= 0) {
            throw new IllegalArgumentException("need refreshAhead > expirySkew >= 0");
        }
        if (maxClockSkew.isNegative() || leaseMargin.isNegative()) {
            throw new IllegalArgumentException("clock skew and lease margin cannot be negative");
        }
        Duration budget = budgetOf(bounds, maxClockSkew);
        if (leaseLength.compareTo(budget) < 0) {
            throw new IllegalArgumentException("a " + leaseLength.toMillis() + " ms lease cannot cover one redemption ("
                    + budget.toMillis() + " ms: intent, token call, vault write and commit at their bounds, plus clock skew)");
        }
        if (waitInitial.isZero() || waitInitial.isNegative() || waitMax.compareTo(waitInitial) < 0) {
            throw new IllegalArgumentException("need 0 < waitInitial <= waitMax");
        }
    }

    /** The bounds the functions' clients are built with: 8 s for CC's token endpoint, 4 s for an AWS call. */
    public static final CallBounds DEFAULT_BOUNDS = new CallBounds(Duration.ofSeconds(8), Duration.ofSeconds(4));

    /** One hour ahead, 2-minute expiry skew, 60 s leases, 4 s of clock skew, the default call bounds. */
    public static TokenPolicy defaults() {
        return of(DEFAULT_BOUNDS);
    }

    /** The defaults around other call bounds (tests and the harness run with shorter ones). */
    public static TokenPolicy of(CallBounds bounds) {
        return new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(3),
                bounds, Duration.ofSeconds(4), Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /** Intent write, the token call, the vault write and the commit at their bounds, plus the clock skew. */
    public Duration redemptionBudget() {
        return budgetOf(bounds, maxClockSkew);
    }

    private static Duration budgetOf(CallBounds b, Duration skew) {
        return b.storeCall().plus(b.storeCall()).plus(b.storeCall()).plus(b.tokenCall()).plus(skew);   // not multipliedBy: BigDecimal's first use costs init ~15 ms
    }

    public Freshness classify(Instant expiresAt, Instant now) {
        if (!now.isBefore(expiresAt.minus(expirySkew))) {
            return Freshness.EXPIRED;
        }
        return now.isBefore(expiresAt.minus(refreshAhead)) ? Freshness.FRESH : Freshness.STALE;
    }

    /** Lease until = now + min(lease length, time left − margin). */
    public Instant leaseUntil(Instant now, Instant deadline) {
        Instant byLength = now.plus(leaseLength);
        Instant byDeadline = deadline.minus(leaseMargin);
        return byLength.isBefore(byDeadline) ? byLength : byDeadline;
    }

    /**
     * The instant a lease must have ended by for this redeemer to take it over: its own clock minus the
     * largest skew, so that a holder whose clock runs behind ours is never overtaken while it still writes.
     */
    public Instant takeoverCutoff(Instant now) {
        return now.minus(maxClockSkew);
    }

    /** Whether {@code lease} has ended for every redeemer, whatever its clock (see {@link #takeoverCutoff}). */
    public boolean endedForEveryone(Lease lease, Instant now) {
        return lease == null || lease.expiredAt(takeoverCutoff(now));
    }

    /** Whether a holder may start one more store call under {@code lease}: the call ends before the lease does. */
    public boolean coversStoreCall(Lease lease, Instant now) {
        return !lease.until().isBefore(now.plus(bounds.storeCall()));
    }
}
