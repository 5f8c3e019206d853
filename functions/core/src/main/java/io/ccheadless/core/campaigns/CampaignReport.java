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
 */
public record CampaignReport(long opensAll, long clicksAll, Devices opens, Devices clicks, Instant lastRefreshTime,
                             Map<String, Double> percents) {
    public CampaignReport(long opensAll, long clicksAll, Devices opens, Devices clicks, Instant lastRefreshTime) {
        this(opensAll, clicksAll, opens, clicks, lastRefreshTime, Map.of());
    }

    /** A total split by the device it came from ({@code other} includes CC's "none"). */
    public record Devices(long computer, long mobile, long tablet, long other) {
        public Devices {
            if (computer < 0 || mobile < 0 || tablet < 0 || other < 0) {
                throw new IllegalArgumentException("device counts cannot be negative");
            }
        }
    }

    /** The same figures, whenever CC refreshed them: a refresh that changed nothing is not written. */
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
    }

    /** CC's percentage named {@code name}, null when CC gave none. */
    public Double percent(String name) {
        return percents.get(name);
    }
}
