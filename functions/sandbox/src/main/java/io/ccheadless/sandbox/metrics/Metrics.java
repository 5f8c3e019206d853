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
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, java.util.ArrayDeque<java.time.Instant>> lastSecond = new java.util.HashMap<>();
    private final Map<String, Integer> peaks = new java.util.HashMap<>();
    private final Map<String, java.util.ArrayDeque<java.time.Instant>> offeredLastSecond = new java.util.HashMap<>();
    private final Map<String, Integer> offeredPeaks = new java.util.HashMap<>();

    public void request(String route, boolean api) {
        requestsByRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
        if (api) {
            apiRequests.increment();
        }
    }

    /** Every answer the front wrote, by status. */
    public void answered(int status) {
        answers.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    public long answers(int status) {
        LongAdder a = answers.get(status);
        return a == null ? 0 : a.sum();
    }

    /** A request the limits admitted for {@code key} at {@code now} (sandbox clock): tracks the most in any second. */
    public synchronized void admitted(String key, java.time.Instant now) {
        java.util.ArrayDeque<java.time.Instant> q = lastSecond.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
        java.time.Instant cutoff = now.minusSeconds(1);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.pollFirst();
        }
        q.addLast(now);
        peaks.merge(key, q.size(), Math::max);
    }

    /**
     * A request for {@code key} at {@code now} (sandbox clock) before the limits decide on it, admitted or not: tracks
     * the most offered in any second, what a client's pacing achieved whatever the limits let through.
     */
    public synchronized void offered(String key, java.time.Instant now) {
        java.util.ArrayDeque<java.time.Instant> q = offeredLastSecond.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
        java.time.Instant cutoff = now.minusSeconds(1);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.pollFirst();
        }
        q.addLast(now);
        offeredPeaks.merge(key, q.size(), Math::max);
    }

    /** The most requests offered for {@code key} within any one second, admitted or refused (0 if none). */
    public synchronized int peakOfferedPerSecond(String key) {
        return offeredPeaks.getOrDefault(key, 0);
    }

    /** The most requests admitted for {@code key} within any one second (0 if none). */
    public synchronized int peakPerSecond(String key) {
        return peaks.getOrDefault(key, 0);
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
        answers.clear();
        lastSecond.clear();
        peaks.clear();
        offeredLastSecond.clear();
        offeredPeaks.clear();
    }
}
