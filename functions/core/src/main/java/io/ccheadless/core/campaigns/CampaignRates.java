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
    public static CampaignRates of(CampaignStats s) {
        long delivered = s.sends() - s.bounces();
        return new CampaignRates(percent(s.opens(), delivered), percent(s.clicks(), delivered),
                percent(s.bounces(), s.sends()), percent(s.optouts(), delivered));
    }

    /** {@code part} of {@code whole} in percent, rounded half up to one decimal; null when {@code whole <= 0}. */
    static Double percent(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }
}
