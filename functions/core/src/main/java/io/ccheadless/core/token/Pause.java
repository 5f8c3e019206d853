package io.ccheadless.core.token;

import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
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

    /**
     * {@code call}, retried with backoff on a store or vault failure that may pass (a timeout, throttling, a 5xx)
     * until {@code until}; the last failure is rethrown. For reads and for writes that may be repeated as they are.
     */
    <T> T retrying(Supplier<T> call, Clock clock, Instant until) {
        Duration backoff = Duration.ofMillis(50);
        while (true) {
            try {
                return call.get();
            } catch (StoreUnavailableException | VaultException e) {
                if (e instanceof VaultException v && !v.retryable()) {
                    throw e;
                }
                Duration wait = jitter(backoff);
                if (clock.instant().plus(wait).isAfter(until)) {
                    throw e;
                }
                sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : backoff.multipliedBy(2);
            }
        }
    }

    private static final Duration RETRY_MAX = Duration.ofSeconds(1);

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
