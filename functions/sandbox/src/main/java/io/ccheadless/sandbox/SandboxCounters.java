package io.ccheadless.sandbox;

import io.ccheadless.sandbox.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-only view of what the sandbox has seen, for assertions. Thread-safe. Route names are the constants in
 * {@link SandboxRoutes}. {@link #requests(String)} counts every request that reached a route, whatever its answer.
 */
public final class SandboxCounters {
    private final Metrics metrics;

    SandboxCounters(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Attempts of {@code grant_type=refresh_token}, whatever their outcome. */
    public long refreshRedemptions() {
        return metrics.countRedemptions(o -> true);
    }

    /** Refreshes that issued a token set (including ones whose response was dropped by a fault). */
    public long successfulRefreshes() {
        return metrics.countRedemptions(RedemptionOutcome::issued);
    }

    /** Refresh attempts answered {@code invalid_grant}. */
    public long invalidGrants() {
        return metrics.countRedemptions(o -> o == RedemptionOutcome.INVALID_GRANT);
    }

    public long requests(String routeName) {
        return metrics.requests(Objects.requireNonNull(routeName, "routeName"));
    }

    /** Requests to any {@code /v3/...} route, whatever their answer. */
    public long totalApiRequests() {
        return metrics.apiRequests();
    }

    /** Every refresh attempt in order of arrival. */
    public List<RefreshRedemption> redemptions() {
        return metrics.redemptions();
    }

    public Map<String, Long> requestsByRoute() {
        return metrics.requestsByRoute();
    }

    /** Answers with this HTTP status, on any route (e.g. 429: every throttled or over-quota request). */
    public long answers(int status) {
        return metrics.answers(status);
    }

    /**
     * The most V3 requests the limits admitted for one API key within any one second of the sandbox clock (the key is
     * the client id; partner endpoints count under {@code partner#<x-api-key>}).
     */
    public int peakPerSecond(String key) {
        return metrics.peakPerSecond(Objects.requireNonNull(key, "key"));
    }

    /**
     * The most V3 requests that arrived for one API key within any one second of the sandbox clock, whether the limits
     * admitted them or answered 429: what the client's own pacing did.
     */
    public int peakOfferedPerSecond(String key) {
        return metrics.peakOfferedPerSecond(Objects.requireNonNull(key, "key"));
    }

    /** Forgets everything counted so far. */
    public void reset() {
        metrics.reset();
    }
}
