package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What CC's campaign stats report adds to the summaries' unique counts
 * ({@code GET /v3/reports/stats/email_campaigns/{campaign_ids}}, docs/cc-api.md §4.2): total (not only unique)
 * opens and clicks, their split by device, CC's own percentages and when CC last refreshed the figures.
 *
 * @param percents CC's {@code percents} as CC gave them ({@code open}, {@code click}, {@code bounce},
 *                 {@code unsubscribe}, {@code did_not_open}, {@code desktop_open}…), in percent; only the numeric
 *                 ones, empty when CC gave none. Which of them a reader is shown: {@link CampaignRates#shown}.
 * @param readAt   when the sync last read this report from CC (whether or not its figures had changed); null when
 *                 not recorded (a report stored before this was kept): the next sweep reads it again
 * @param statsAtRead the campaign's unique counts (from the summaries) when the report was read; a sweep asks for
 *                 the report again only once the counts differ from these or the report is older than
 *                 {@link SyncPolicy#reportMaxAge()} (README, "State, lease, limits, deadline"); null as for readAt
 */
public record CampaignReport(long opensAll, long clicksAll, Devices opens, Devices clicks, Instant lastRefreshTime,
                             Map<String, Double> percents, Instant readAt, CampaignStats statsAtRead) {
    public CampaignReport(long opensAll, long clicksAll, Devices opens, Devices clicks, Instant lastRefreshTime,
                          Map<String, Double> percents) {
        this(opensAll, clicksAll, opens, clicks, lastRefreshTime, percents, null, null);
    }

    public CampaignReport(long opensAll, long clicksAll, Devices opens, Devices clicks, Instant lastRefreshTime) {
        this(opensAll, clicksAll, opens, clicks, lastRefreshTime, Map.of());
    }

    /** The same figures, read from CC at {@code at} while the campaign's unique counts were {@code stats}. */
    public CampaignReport readAt(Instant at, CampaignStats stats) {
        return new CampaignReport(opensAll, clicksAll, opens, clicks, lastRefreshTime, percents,
                Objects.requireNonNull(at, "at"), Objects.requireNonNull(stats, "stats"));
    }

    /** A total split by the device it came from ({@code other} includes CC's "none"). */
    public record Devices(long computer, long mobile, long tablet, long other) {
        public Devices {
            if (computer < 0 || mobile < 0 || tablet < 0 || other < 0) {
                throw new IllegalArgumentException("device counts cannot be negative");
            }
        }
    }

    /**
     * True when a sweep at {@code at} need not read the report again: it was read while the campaign's unique counts
     * were {@code stats} (a count that moved moves the totals, devices or percents too) and at most {@code maxAge}
     * ago (totals and devices also move with re-opens that no unique count shows).
     */
    public boolean currentFor(CampaignStats stats, Instant at, java.time.Duration maxAge) {
        return readAt != null && statsAtRead.equals(stats) && at.isBefore(readAt.plus(maxAge));
    }

    /** The same figures, whenever CC refreshed them and whenever the sync read them. */
    public boolean sameCounts(CampaignReport o) {
        return o != null && opensAll == o.opensAll && clicksAll == o.clicksAll && opens.equals(o.opens)
                && clicks.equals(o.clicks) && percents.equals(o.percents);
    }

    public CampaignReport {
        if (opensAll < 0 || clicksAll < 0) {
            throw new IllegalArgumentException("totals cannot be negative");
        }
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(clicks, "clicks");
        Objects.requireNonNull(lastRefreshTime, "lastRefreshTime");
        percents = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(percents, "percents")));
        if ((readAt == null) != (statsAtRead == null)) {
            throw new IllegalArgumentException("readAt and statsAtRead are recorded together");
        }
    }

    /** CC's percentage named {@code name}, null when CC gave none. */
    public Double percent(String name) {
        return percents.get(name);
    }
}
