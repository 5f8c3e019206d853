package io.ccheadless.sandbox.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** At most {@code limit} accepted requests per key per UTC day of the sandbox clock (reset at 00:00:00 UTC). */
public final class DailyQuota {
    private record Day(LocalDate date, long used) {
    }

    private final long limit;
    private final Map<String, Day> days = new HashMap<>();

    public DailyQuota(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
    }

    public synchronized boolean tryAcquire(String key, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Day d = days.get(key);
        long used = d == null || !d.date().equals(today) ? 0 : d.used();
        if (used >= limit) {
            return false;
        }
        days.put(key, new Day(today, used + 1));
        return true;
    }

    public synchronized long used(String key, Instant now) {
        Day d = days.get(key);
        return d == null || !d.date().equals(LocalDate.ofInstant(now, ZoneOffset.UTC)) ? 0 : d.used();
    }

    /** Time until the next UTC midnight. */
    public static Duration untilReset(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, midnight);
    }
}
