package io.ccheadless.sandbox.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults for one route. All parts combine: latency first, then (with probability {@code errorRate}) an error
 * status instead of the real answer, otherwise the real handler runs and its response may be spoiled
 * ({@code bodyFault}) or dropped after the handler took effect ({@code dropAfterProcessing}).
 *
 * @param times how many requests the rule affects before it is spent; -1 for no end
 */
public record FaultRule(double errorRate, int errorStatus, Duration latency, BodyFault bodyFault,
                        boolean dropAfterProcessing, int times) {
    public FaultRule {
        if (errorRate < 0 || errorRate > 1 || Double.isNaN(errorRate)) {
            throw new IllegalArgumentException("errorRate must be within 0..1");
        }
        if (errorRate > 0 && errorStatus != 429 && (errorStatus < 500 || errorStatus > 599)) {
            throw new IllegalArgumentException("errorStatus must be 429 or 5xx, was " + errorStatus);
        }
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency");
        }
        Objects.requireNonNull(bodyFault, "bodyFault");
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be positive or -1");
        }
    }

    private static final FaultRule NONE = new FaultRule(0, 503, Duration.ZERO, BodyFault.NONE, false, -1);

    /** Answers {@code status} (429 or 5xx) to the given share of requests. */
    public static FaultRule errors(double rate, int status) {
        return NONE.withErrors(rate, status);
    }

    public static FaultRule latency(Duration latency) {
        return NONE.withLatency(latency);
    }

    public static FaultRule body(BodyFault fault) {
        return NONE.withBody(fault);
    }

    /** Runs the handler (e.g. rotates the refresh token), then closes the connection without answering. */
    public static FaultRule dropResponseAfterProcessing() {
        return new FaultRule(0, 503, Duration.ZERO, BodyFault.NONE, true, -1);
    }

    public FaultRule withErrors(double rate, int status) {
        return new FaultRule(rate, status, latency, bodyFault, dropAfterProcessing, times);
    }

    public FaultRule withLatency(Duration l) {
        return new FaultRule(errorRate, errorStatus, l, bodyFault, dropAfterProcessing, times);
    }

    public FaultRule withBody(BodyFault b) {
        return new FaultRule(errorRate, errorStatus, latency, b, dropAfterProcessing, times);
    }

    /** Limits the rule to the next {@code n} requests of its route. */
    public FaultRule times(int n) {
        return new FaultRule(errorRate, errorStatus, latency, bodyFault, dropAfterProcessing, n);
    }
}
