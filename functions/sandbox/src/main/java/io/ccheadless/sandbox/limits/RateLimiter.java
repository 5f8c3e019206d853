package io.ccheadless.sandbox.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code permits} accepted requests per key in any window of {@code window}, measured on the sandbox
 * clock (so a test with a fixed clock decides when a second has passed). Refused requests do not count.
 */
public final class RateLimiter {
    private final int permits;
    private final Duration window;
    private final Map<String, Deque<Instant>> accepted = new HashMap<>();

    public RateLimiter(int permits, Duration window) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.permits = permits;
        this.window = window;
    }

    public synchronized boolean tryAcquire(String key, Instant now) {
        Deque<Instant> q = accepted.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant cutoff = now.minus(window);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.pollFirst();
        }
        if (q.size() >= permits) {
            return false;
        }
        q.addLast(now);
        return true;
    }

    /** How long until {@code key} may send again (zero if it may now). */
    public synchronized Duration retryAfter(String key, Instant now) {
        Deque<Instant> q = accepted.get(key);
        if (q == null || q.size() < permits) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(now, q.peekFirst().plus(window));
        return d.isNegative() ? Duration.ZERO : d;
    }
}
