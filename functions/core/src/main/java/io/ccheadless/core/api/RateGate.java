package io.ccheadless.core.api;

import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Keeps any {@code perSecond + 1} consecutive requests of this process at least {@code perSecond x (1 s / perSecond
 * + margin)} apart, so that no window of one second ever holds more than {@code perSecond} of them (CC: 4 per second
 * per API key) even when a send arrives late by up to {@code perSecond x margin}. A quiet process may send up to
 * {@code perSecond} requests at once; a busy one is held to one every {@code 1 s / perSecond + margin} on average.
 * Under a {@link RateGovernor} it is only a local floor: the governor's slots are the limit across processes.
 */
public final class RateGate {
    public static final Duration DEFAULT_MARGIN = Duration.ofMillis(50);

    private final Duration spacing;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    /** The last {@code perSecond} send times, oldest first once the ring is full. */
    private final Instant[] sent;
    private int oldest;

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
        this.window = spacing.multipliedBy(perSecond);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.sent = new Instant[perSecond];
        Arrays.fill(sent, Instant.MIN);
    }

    /** The average pace of a busy process. */
    public Duration spacing() {
        return spacing;
    }

    public synchronized void acquire() throws InterruptedException {
        Instant now = clock.instant();
        Instant earliest = sent[oldest] == Instant.MIN ? now : sent[oldest].plus(window);
        if (now.isBefore(earliest)) {
            sleeper.sleep(Duration.between(now, earliest));
            Instant woke = clock.instant();
            now = woke.isAfter(earliest) ? woke : earliest;   // a late wake-up counts from when it woke, never earlier
        }
        sent[oldest] = now;
        oldest = (oldest + 1) % sent.length;
    }
}
