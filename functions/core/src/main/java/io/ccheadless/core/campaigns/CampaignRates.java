package io.ccheadless.core.campaigns;

/**
 * A campaign's rates as Constant Contact defines them (README, "Rates", which cites CC's Knowledge Base; docs/cc-api.md §4.2), in percent with one
 * decimal, null when there is nothing to divide by:
 * <ul>
 *   <li>open rate = unique opens / (sends − bounces)</li>
 *   <li>click rate = unique clicks / (sends − bounces) (CC's reports stopped dividing by opens; that ratio is CC's
 *       separate click-to-open rate)</li>
 *   <li>bounce rate = bounces / sends</li>
 *   <li>unsubscribe rate = opt-outs / (sends − bounces)</li>
 * </ul>
 */
public record CampaignRates(Double open, Double click, Double bounce, Double unsubscribe) {
    /** Where the rates a reader is shown come from. */
    public enum Source {
        /** CC's own {@code percents} of its stats report (open, bounce, unsubscribe; click as ours, see {@link #shown}) */
        CC_REPORT,
        /** computed by {@link #of} from the summaries' unique counts: the stats report was not read yet */
        SUMMARY_COUNTS
    }

    /** Ours, from the unique counts with CC's definitions. */
    public static CampaignRates of(CampaignStats s) {
        long delivered = s.sends() - s.bounces();
        return new CampaignRates(percent(s.opens(), delivered), percent(s.clicks(), delivered),
                percent(s.bounces(), s.sends()), percent(s.optouts(), delivered));
    }

    /**
     * What the API, the events and the CLI show: CC's own open, bounce and unsubscribe percentages once the stats
     * report was read (each, where CC gave it), else ours. The click rate is always ours: CC's contract defines the
     * report's {@code percents.click} over openers, which is CC's click-to-open rate, not its click rate (README, "Rates").
     */
    public static CampaignRates shown(SentCampaign c) {
        CampaignRates ours = of(c.stats());
        CampaignReport r = c.report();
        if (source(c) == Source.SUMMARY_COUNTS) {
            return ours;
        }
        return new CampaignRates(or(r.percent("open"), ours.open), ours.click, or(r.percent("bounce"), ours.bounce),
                or(r.percent("unsubscribe"), ours.unsubscribe));
    }

    public static Source source(SentCampaign c) {
        CampaignReport r = c.report();
        return r != null && (r.percent("open") != null || r.percent("bounce") != null
                || r.percent("unsubscribe") != null) ? Source.CC_REPORT : Source.SUMMARY_COUNTS;
    }

    private static Double or(Double cc, Double ours) {
        return cc != null ? cc : ours;
    }

    /** {@code part} of {@code whole} in percent, rounded half up to one decimal; null when {@code whole <= 0}. */
    static Double percent(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }
}
