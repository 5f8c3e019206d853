package io.ccheadless.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The token protocol's timing, validated once at construction.
 *
 * @param refreshAhead    a token with less than this left is STALE
 * @param expirySkew      a token with less than this left is EXPIRED (clock skew, request time)
 * @param leaseLength     the longest a lease lasts
 * @param leaseMargin     kept free before the invocation's deadline
 * @param redemptionBudget the token call timeout plus the persist budget: a redemption starts only if the lease covers it
 * @param waitInitial     first backoff while waiting for another holder
 * @param waitMax         backoff cap while waiting
 */
public record TokenPolicy(Duration refreshAhead, Duration expirySkew, Duration leaseLength, Duration leaseMargin,
                          Duration redemptionBudget, Duration waitInitial, Duration waitMax) {
    public TokenPolicy {
        Objects.requireNonNull(refreshAhead, "refreshAhead");
        Objects.requireNonNull(expirySkew, "expirySkew");
        Objects.requireNonNull(leaseLength, "leaseLength");
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        Objects.requireNonNull(redemptionBudget, "redemptionBudget");
        Objects.requireNonNull(waitInitial, "waitInitial");
        Objects.requireNonNull(waitMax, "waitMax");
        if (expirySkew.isNegative() || refreshAhead.compareTo(expirySkew) <= 0) {
            throw new IllegalArgumentException("need refreshAhead > expirySkew >= 0");
        }
        if (leaseLength.compareTo(redemptionBudget) < 0) {
            throw new IllegalArgumentException("a lease must be able to cover one redemption");
        }
        if (waitInitial.isZero() || waitInitial.isNegative() || waitMax.compareTo(waitInitial) < 0) {
            throw new IllegalArgumentException("need 0 < waitInitial <= waitMax");
        }
    }

    /** One hour ahead, 2-minute skew, 60 s leases, 20 s to redeem and persist. */
    public static TokenPolicy defaults() {
        return new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(3),
                Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(2));
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
}
