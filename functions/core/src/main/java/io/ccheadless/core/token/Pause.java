package io.ccheadless.core.token;

import io.ccheadless.core.obs.Sleeper;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Jittered waits and fresh ids from the one injected random source (shared by threads, so used under its lock). */
final class Pause {
    private final Sleeper sleeper;
    private final RandomGenerator random;

    Pause(Sleeper sleeper, RandomGenerator random) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Between half and all of {@code base}. */
    Duration jitter(Duration base) {
        long ms = Math.max(1, base.toMillis());
        synchronized (random) {
            return Duration.ofMillis(ms / 2 + random.nextLong(ms / 2 + 1));
        }
    }

    void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while waiting", null, true, e);
        }
    }

    /** A lease fence: fresh for every acquisition. */
    String fence() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    /** A chain id: fresh for every authorization. */
    String chain() {
        synchronized (random) {
            return HexFormat.of().toHexDigits(random.nextLong());
        }
    }
}
