package io.ccheadless.core.api;

import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Spaces requests so that no window of one second ever holds more than {@code perSecond} of them (CC: 4 per
 * second per API key). Consecutive sends are at least {@code 1 s / perSecond + margin} apart; the margin
 * absorbs network jitter, so requests also arrive at CC no faster than the limit.
 */
public final class RateGate {
    public static final Duration DEFAULT_MARGIN = Duration.ofMillis(50);

    private final Duration spacing;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant next = Instant.MIN;

    public RateGate(int perSecond, Clock clock, Sleeper sleeper) {
        this(perSecond, DEFAULT_MARGIN, clock, sleeper);
    }

    public RateGate(int perSecond, Duration margin, Clock clock, Sleeper sleeper) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be >= 1");
        }
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative");
        }
        this.spacing = Duration.ofNanos(1_000_000_000L / perSecond).plus(margin);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public Duration spacing() {
        return spacing;
    }

    public synchronized void acquire() throws InterruptedException {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            sleeper.sleep(Duration.between(now, next));
            Instant woke = clock.instant();
            now = woke.isAfter(next) ? woke : next;   // a late wake-up moves the next slot later, never earlier
        }
        next = now.plus(spacing);
    }
}
