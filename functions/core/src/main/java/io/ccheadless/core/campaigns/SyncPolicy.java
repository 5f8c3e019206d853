package io.ccheadless.core.campaigns;

import java.time.Duration;
import java.util.Objects;

/**
 * How far and how often the sync looks.
 *
 * @param lookback       sends older than this are not "recent": never stored for the first time, never announced
 * @param statsWindow    stored campaigns sent within this keep getting fresh stats (they grow for days after a send)
 * @param statsRefresh   how old the last refresh of the whole stats window may get before a pass refreshes it
 *                       again; between those passes only the newest summaries page is read
 * @param settle         how far below the watermark a pass still reads, for sends CC reports late
 * @param pageSize       summaries and listing page size (CC's maximum is 500)
 * @param deadlineMargin stop and checkpoint when less than this remains before the invocation's deadline
 * @param linkReport     also read each newly sent campaign's link report (CC_LINK_REPORT), once
 * @param reportMaxAge   how old a campaign's stats report may get before a sweep reads it again although its unique
 *                       counts did not move ({@link CampaignReport#currentFor}); a report is read sooner whenever
 *                       they move
 */
public record SyncPolicy(Duration lookback, Duration statsWindow, Duration statsRefresh, Duration settle, int pageSize,
                         Duration deadlineMargin, boolean linkReport, Duration reportMaxAge) {
    public static final Duration DEFAULT_STATS_WINDOW = Duration.ofDays(30);
    /** Under the hourly schedule's period, so every scheduled run refreshes the whole stats window. */
    public static final Duration DEFAULT_STATS_REFRESH = Duration.ofMinutes(45);
    public static final Duration DEFAULT_SETTLE = Duration.ofHours(1);
    public static final int MAX_PAGE_SIZE = 500;
    public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(20);
    /**
     * A day: a quiet tenant's hourly sweep then costs the summaries page alone, with one stats report a day on top
     * (25 requests a tenant-day, docs/tenants.md).
     */
    public static final Duration DEFAULT_REPORT_MAX_AGE = Duration.ofHours(24);

    public SyncPolicy(Duration lookback, Duration statsWindow, Duration statsRefresh, Duration settle, int pageSize,
                      Duration deadlineMargin, boolean linkReport) {
        this(lookback, statsWindow, statsRefresh, settle, pageSize, deadlineMargin, linkReport, DEFAULT_REPORT_MAX_AGE);
    }

    public SyncPolicy {
        positive(lookback, "lookback");
        positive(statsWindow, "statsWindow");
        positive(statsRefresh, "statsRefresh");
        positive(reportMaxAge, "reportMaxAge");
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1..500 (CC's limit)");
        }
        Objects.requireNonNull(deadlineMargin, "deadlineMargin");
        if (deadlineMargin.isNegative()) {
            throw new IllegalArgumentException("deadlineMargin must not be negative");
        }
    }

    public static SyncPolicy of(Duration lookback, Duration statsWindow, Duration statsRefresh) {
        return new SyncPolicy(lookback, statsWindow, statsRefresh, DEFAULT_SETTLE, MAX_PAGE_SIZE, DEFAULT_DEADLINE_MARGIN,
                true);
    }

    public static SyncPolicy defaults(Duration lookback) {
        return of(lookback, DEFAULT_STATS_WINDOW, DEFAULT_STATS_REFRESH);
    }

    public SyncPolicy withPageSize(int size) {
        return new SyncPolicy(lookback, statsWindow, statsRefresh, settle, size, deadlineMargin, linkReport, reportMaxAge);
    }

    public SyncPolicy withDeadlineMargin(Duration margin) {
        return new SyncPolicy(lookback, statsWindow, statsRefresh, settle, pageSize, margin, linkReport, reportMaxAge);
    }

    public SyncPolicy withLinkReport(boolean read) {
        return new SyncPolicy(lookback, statsWindow, statsRefresh, settle, pageSize, deadlineMargin, read, reportMaxAge);
    }

    public SyncPolicy withReportMaxAge(Duration maxAge) {
        return new SyncPolicy(lookback, statsWindow, statsRefresh, settle, pageSize, deadlineMargin, linkReport, maxAge);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
