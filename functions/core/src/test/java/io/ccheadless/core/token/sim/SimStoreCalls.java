package io.ccheadless.core.token.sim;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One AWS call as the simulation runs it: a yield point, a latency, and a seeded fault. A call never takes longer
 * than its bound from the caller's point of view: one still running at the bound is a timeout there, and a write
 * may still land (a reset after sending, or a timed-out write applied at some instant up to the bound).
 */
final class SimStoreCalls {
    private final SimScheduler sched;
    private final SimFaults faults;
    private final long boundMs;
    private final String prefix;

    SimStoreCalls(SimScheduler sched, SimFaults faults, Duration storeCallBound, String prefix) {
        this.sched = sched;
        this.faults = faults;
        this.boundMs = storeCallBound.toMillis();
        this.prefix = prefix;
    }

    /**
     * Runs {@code effect} as call {@code what}; {@code describe} renders its result for the trace, {@code failure}
     * builds the exception the adapter would throw.
     */
    <T> T call(String what, boolean write, Supplier<T> effect, Function<T, String> describe,
               Function<String, RuntimeException> failure) {
        SimScheduler.Actor a = sched.current();
        sched.yieldPoint(null);
        long start = sched.now();
        SimFaults.StoreFault f = faults.store(a.faultFree, sched.elapsed());
        String label = prefix + what;
        switch (f) {
            case NONE, SLOW -> {
                sched.blockFor(f == SimFaults.StoreFault.SLOW ? faults.between(200, boundMs - 1) : faults.between(1, 40));
                T r;
                try {
                    r = effect.get();
                } catch (RuntimeException e) {
                    sched.trace.step(sched.elapsed(), a.name, label + " → " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    throw e;
                }
                sched.trace.step(sched.elapsed(), a.name, label + " → " + describe.apply(r));
                return r;
            }
            case THROTTLED, SERVER_ERROR -> {
                sched.blockFor(faults.between(1, 60));
                throw fail(a, label, f, failure);
            }
            case RESET, RESET_LANDED -> {
                sched.blockFor(faults.between(1, boundMs / 2));
                if (write && f == SimFaults.StoreFault.RESET_LANDED) {
                    land(label, effect);
                }
                throw fail(a, label, f, failure);
            }
            case TIMEOUT, TIMEOUT_LANDED -> {
                if (write && f == SimFaults.StoreFault.TIMEOUT_LANDED) {
                    long at = start + faults.between(0, boundMs);
                    sched.at(at, a.name + "'s " + label + " lands after its caller's timeout", () -> land(label, effect));
                }
                sched.blockUntil(start + boundMs);
                throw fail(a, label, f, failure);
            }
            default -> throw new IllegalStateException(f.name());
        }
    }

    private <T> void land(String label, Supplier<T> effect) {
        try {
            effect.get();
            sched.trace.note("(" + label + " landed)");
        } catch (RuntimeException e) {
            sched.trace.note("(" + label + " landed, its condition failed: " + e.getClass().getSimpleName() + ")");
        }
    }

    private RuntimeException fail(SimScheduler.Actor a, String label, SimFaults.StoreFault f,
                                  Function<String, RuntimeException> failure) {
        String m = label + " failed: " + f.name().toLowerCase();
        sched.trace.step(sched.elapsed(), a.name, label + " → FAULT " + f.name().toLowerCase());
        return failure.apply(m);
    }
}
