package io.ccheadless.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The sandbox's notion of "now": every lifetime, expiry, rate window and campaign statistic reads it.
 * Thread-safe. {@link #system()} follows real time plus whatever was advanced or set; {@link #fixed(Instant)}
 * stands still until advanced or set; {@link #of(Clock)} follows any clock (a dilated one) the same way.
 */
public final class SandboxClock {
    private final Clock base;
    private Duration offset = Duration.ZERO;

    private SandboxClock(Clock base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    public static SandboxClock system() {
        return new SandboxClock(Clock.systemUTC());
    }

    /**
     * Follows {@code base} plus whatever was advanced or set: e.g. a clock running faster than real time, shared with
     * the product under test, so that a simulated day takes minutes (bench/tenants.sh).
     */
    public static SandboxClock of(Clock base) {
        return new SandboxClock(base);
    }

    public static SandboxClock fixed(Instant start) {
        return new SandboxClock(Clock.fixed(Objects.requireNonNull(start, "start"), ZoneOffset.UTC));
    }

    public synchronized Instant now() {
        return base.instant().plus(offset);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public synchronized void advance(Duration d) {
        offset = offset.plus(Objects.requireNonNull(d, "d"));
    }

    public synchronized void set(Instant t) {
        offset = Duration.between(base.instant(), Objects.requireNonNull(t, "t"));
    }

    /** A {@link Clock} view that always reads this sandbox clock, in UTC. */
    public Clock asClock() {
        return new View(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "SandboxClock[" + now() + "]";
    }

    private final class View extends Clock {
        private final ZoneId zone;

        View(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new View(z);
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}
