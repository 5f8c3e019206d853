package io.ccheadless.core.api;

import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Spaces requests so no second holds more than {@code perSecond} of them (CC: 4 per second per API key). */
public final class RateGate {
    private final Duration spacing;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant next = Instant.MIN;

    public RateGate(int perSecond, Clock clock, Sleeper sleeper) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be >= 1");
        }
        this.spacing = Duration.ofNanos(1_000_000_000L / perSecond);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public synchronized void acquire() throws InterruptedException {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            sleeper.sleep(Duration.between(now, next));
            now = next;
        }
        next = now.plus(spacing);
    }
}
