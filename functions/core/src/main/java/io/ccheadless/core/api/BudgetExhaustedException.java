package io.ccheadless.core.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * No more requests toward CC today: either our own daily budget is spent or CC answered 429
 * {@code quota_exceeded}. Not retryable before {@link #resumesAt()} (the next 00:00 UTC).
 */
public final class BudgetExhaustedException extends RuntimeException {
    private final Instant resumesAt;

    public BudgetExhaustedException(String message, Instant now) {
        super(message);
        this.resumesAt = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant resumesAt() {
        return resumesAt;
    }
}
