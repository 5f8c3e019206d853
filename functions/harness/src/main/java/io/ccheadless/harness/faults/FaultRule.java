package io.ccheadless.harness.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One rule of a {@link FaultProxy}: which requests ({@code X-Amz-Target}, or a path for plain HTTP, optionally a
 * text the body must contain), what to do to them ({@link Fault}), and for how long: the next {@code times}
 * matching requests, or every matching request during {@code window} from the first one. Counts what it injected.
 * Mutable only in its counters; build with {@link #on(String)}.
 */
public final class FaultRule {
    private final String target;
    private final String bodyContains;
    private final Fault fault;
    private final int times;
    private final Duration window;
    private final AtomicInteger left;
    private final AtomicReference<Instant> firstMatch = new AtomicReference<>();
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    private FaultRule(String target, String bodyContains, Fault fault, int times, Duration window) {
        this.target = Objects.requireNonNull(target, "target");
        this.bodyContains = bodyContains;
        this.fault = Objects.requireNonNull(fault, "fault");
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be positive or -1");
        }
        this.times = times;
        this.window = window;
        this.left = new AtomicInteger(times);
    }

    /**
     * Requests whose {@code X-Amz-Target} is {@code target} (e.g. {@code secretsmanager.PutSecretValue},
     * {@code DynamoDB_20120810.UpdateItem}), or, for a target starting with {@code /}, whose path is it.
     */
    public static Builder on(String target) {
        return new Builder(target);
    }

    public static final class Builder {
        private final String target;
        private String bodyContains;

        private Builder(String target) {
            this.target = target;
        }

        /** Only requests whose body contains {@code text} (a table, a secret id, an update expression). */
        public Builder whenBodyContains(String text) {
            this.bodyContains = Objects.requireNonNull(text, "text");
            return this;
        }

        /** The next {@code n} matching requests. */
        public FaultRule times(int n, Fault fault) {
            return new FaultRule(target, bodyContains, fault, n, null);
        }

        /** Every matching request until removed. */
        public FaultRule always(Fault fault) {
            return new FaultRule(target, bodyContains, fault, -1, null);
        }

        /** Every matching request during {@code window}, counted from the first one. */
        public FaultRule during(Duration window, Fault fault) {
            return new FaultRule(target, bodyContains, fault, -1, Objects.requireNonNull(window, "window"));
        }
    }

    boolean matches(String requestTarget, String body) {
        return target.equals(requestTarget) && (bodyContains == null || body.contains(bodyContains));
    }

    /** Counts one use if the rule still applies; false once spent. */
    boolean take(Clock clock) {
        if (window != null) {
            Instant now = clock.instant();
            Instant first = firstMatch.updateAndGet(f -> f == null ? now : f);
            if (!now.isBefore(first.plus(window))) {
                return false;
            }
        } else if (times != -1 && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
            return false;
        }
        injected.incrementAndGet();
        return true;
    }

    void forwardedOne() {
        forwarded.incrementAndGet();
    }

    public Fault fault() {
        return fault;
    }

    public String target() {
        return target;
    }

    /** How many requests this rule spoiled. */
    public long injected() {
        return injected.get();
    }

    /** How many of them reached the upstream (after a delay or hold, or before a spoiled answer). */
    public long forwarded() {
        return forwarded.get();
    }

    @Override
    public String toString() {
        return "FaultRule[" + target + (bodyContains == null ? "" : " ~" + bodyContains) + " " + fault
                + (window != null ? " during " + window : times == -1 ? " always" : " times " + times) + ", injected " + injected + "]";
    }
}
