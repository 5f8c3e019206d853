package io.ccheadless.core.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one API key's bookings are kept, shared by every process using the key (DynamoDB in AWS). A booking is
 * one decision of {@link RateLimits#decide} written only if the ledger still holds the state it was decided on.
 */
public interface PermitLedger {
    /**
     * Books up to {@code wanted} slots for {@code key} under {@code limits}, decided as
     * {@link RateLimits#decide(RateLimits.State, int, Instant, Duration)} with {@code now} and {@code lead}.
     *
     * @return a {@link RateLimits.Book} (what was booked), {@link RateLimits.Busy} or {@link RateLimits.Spent}
     */
    RateLimits.Decision book(String key, int wanted, RateLimits limits, Instant now, Duration lead);

    /** Books slots from {@code now} on, with no lead ({@link RateLimits#decide(RateLimits.State, int, Instant)}). */
    default RateLimits.Decision book(String key, int wanted, RateLimits limits, Instant now) {
        return book(key, wanted, limits, now, Duration.ZERO);
    }
}
