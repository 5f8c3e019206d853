package io.ccheadless.sandbox.metrics;

import io.ccheadless.sandbox.RefreshRedemption;
import io.ccheadless.sandbox.RedemptionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The sandbox's mutable, thread-safe tallies. Components record into it; tests read it through SandboxCounters. */
public final class Metrics {
    private final Map<String, LongAdder> requestsByRoute = new ConcurrentHashMap<>();
    private final LongAdder apiRequests = new LongAdder();
    private final List<RefreshRedemption> redemptions = new ArrayList<>();

    public void request(String route, boolean api) {
        requestsByRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
        if (api) {
            apiRequests.increment();
        }
    }

    public synchronized void redemption(RefreshRedemption r) {
        redemptions.add(r);
    }

    public long requests(String route) {
        LongAdder a = requestsByRoute.get(route);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> requestsByRoute() {
        Map<String, Long> out = new java.util.TreeMap<>();
        requestsByRoute.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long apiRequests() {
        return apiRequests.sum();
    }

    public synchronized List<RefreshRedemption> redemptions() {
        return List.copyOf(redemptions);
    }

    public synchronized long countRedemptions(java.util.function.Predicate<RedemptionOutcome> which) {
        return redemptions.stream().filter(r -> which.test(r.outcome())).count();
    }

    public synchronized void reset() {
        requestsByRoute.clear();
        apiRequests.reset();
        redemptions.clear();
    }
}
