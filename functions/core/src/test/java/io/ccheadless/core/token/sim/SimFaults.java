package io.ccheadless.core.token.sim;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The faults of one schedule, drawn from its seed: a profile (how often each kind strikes) and the draws
 * themselves, counted for the run's breakdown. Every draw uses the schedule's one {@link Random}, always from the
 * one thread running at that moment, so a seed gives the same faults in the same places.
 */
final class SimFaults {
    /** How CC's token endpoint rotates refresh tokens in this schedule. */
    enum CcMode { STRICT, STRICT_FAMILY_REVOCATION, GRACE, LONG_LIVED }

    /** What happens to one store call. */
    enum StoreFault {
        NONE, SLOW, THROTTLED, SERVER_ERROR, RESET, RESET_LANDED, TIMEOUT, TIMEOUT_LANDED
    }

    /** What happens to one request to CC's token endpoint. */
    enum CcFault {
        NONE, SLOW, UNAVAILABLE_503, THROTTLED_429, SERVER_ERROR_500, CONNECT_REFUSED, TIMEOUT_UNPROCESSED,
        LOST_ANSWER_TIMEOUT, LOST_ANSWER_RESET, NO_EXPIRES_IN, EXPIRES_IN_NOT_POSITIVE, EXPIRES_IN_HUGE,
        EMPTY_ACCESS_TOKEN, NOT_JSON, NEITHER_TOKEN
    }

    /**
     * @param ccOutage    a window, repeated every {@code period} ms from the start, in which CC answers 503 to everything
     * @param storeOutage a window, repeated likewise, in which every AWS call fails (throttled, 5xx or timeout)
     */
    record Profile(CcMode mode, long graceMs, boolean omitLongLivedRefresh, double storeFault, double ccFault,
                   double crashPerStep, int crashBudget, boolean beyondSkewActor, Window ccOutage, Window storeOutage,
                   double slowShare) {
        String describe() {
            return "cc=" + mode + (mode == CcMode.GRACE ? "(" + graceMs + "ms)" : "")
                    + (mode == CcMode.LONG_LIVED && omitLongLivedRefresh ? "(omits refresh_token)" : "")
                    + " storeFault=" + storeFault + " slow=" + slowShare + " ccFault=" + ccFault + " crash/step=" + crashPerStep
                    + " crashBudget=" + crashBudget + (beyondSkewActor ? " one actor beyond maxClockSkew/2" : "")
                    + (ccOutage == null ? "" : " ccOutage=" + ccOutage) + (storeOutage == null ? "" : " storeOutage=" + storeOutage);
        }
    }

    /** {@code [fromMs, fromMs + lengthMs)} after the start, and again every {@code periodMs}. */
    record Window(long fromMs, long lengthMs, long periodMs) {
        boolean covers(long elapsedMs) {
            long t = elapsedMs % periodMs;
            return t >= fromMs && t < fromMs + lengthMs;
        }

        @Override
        public String toString() {
            return "[+" + fromMs + "ms, " + lengthMs + "ms)";
        }
    }

    final Profile profile;
    private final Random random;
    private final Map<String, Long> counts;

    SimFaults(Random random, Map<String, Long> counts, long periodMs) {
        this.random = random;
        this.counts = counts;
        this.profile = drawProfile(random, periodMs);
    }

    private static Window window(Random r, long periodMs) {
        return r.nextInt(4) != 0 ? null : new Window(r.nextInt(10_000), 1_000 + r.nextInt(15_000), periodMs);
    }

    private static Profile drawProfile(Random r, long periodMs) {
        CcMode mode = switch (r.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> CcMode.STRICT;
            case 9, 10, 11, 12 -> CcMode.STRICT_FAMILY_REVOCATION;
            case 13, 14, 15 -> CcMode.GRACE;
            default -> CcMode.LONG_LIVED;
        };
        long grace = new long[]{500, 5_000, 30_000}[r.nextInt(3)];
        double storeFault = new double[]{0, 0.03, 0.1, 0.25, 0.5}[r.nextInt(5)];
        double ccFault = new double[]{0, 0.1, 0.3, 0.6}[r.nextInt(4)];
        double crash = new double[]{0, 0, 0.01, 0.04}[r.nextInt(4)];
        int budget = 1 + r.nextInt(2);
        boolean beyond = r.nextInt(8) == 0;
        return new Profile(mode, grace, r.nextBoolean(), storeFault, ccFault, crash, budget, beyond, window(r, periodMs),
                window(r, periodMs), new double[]{0.1, 0.1, 0.4}[r.nextInt(3)]);
    }

    void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    StoreFault store(boolean faultFree, long elapsedMs) {
        if (!faultFree && profile.storeOutage != null && profile.storeOutage.covers(elapsedMs)) {
            StoreFault f = new StoreFault[]{StoreFault.THROTTLED, StoreFault.SERVER_ERROR, StoreFault.TIMEOUT,
                    StoreFault.TIMEOUT_LANDED}[random.nextInt(4)];
            count("store.outage." + f.name().toLowerCase());
            return f;
        }
        if (faultFree || random.nextDouble() >= profile.storeFault) {
            return random.nextDouble() < profile.slowShare ? StoreFault.SLOW : StoreFault.NONE;
        }
        StoreFault f = StoreFault.values()[2 + random.nextInt(StoreFault.values().length - 2)];
        count("store." + f.name().toLowerCase());
        return f;
    }

    CcFault cc(boolean faultFree, long elapsedMs) {
        if (!faultFree && profile.ccOutage != null && profile.ccOutage.covers(elapsedMs)) {
            count("cc.outage.unavailable_503");
            return CcFault.UNAVAILABLE_503;
        }
        if (faultFree || random.nextDouble() >= profile.ccFault) {
            return random.nextDouble() < profile.slowShare ? CcFault.SLOW : CcFault.NONE;
        }
        CcFault f = CcFault.values()[2 + random.nextInt(CcFault.values().length - 2)];
        count("cc." + f.name().toLowerCase());
        return f;
    }

    /** A latency in {@code [lo, hi]} ms. */
    long between(long lo, long hi) {
        return lo + (hi <= lo ? 0 : (long) (random.nextDouble() * (hi - lo + 1)));
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int pick(int n) {
        return random.nextInt(n);
    }
}
