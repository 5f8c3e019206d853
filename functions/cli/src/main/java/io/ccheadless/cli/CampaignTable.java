package io.ccheadless.cli;

import io.ccheadless.core.campaigns.CampaignRates;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The recently sent campaigns as a fixed-width text table, with every stat the sync keeps and the rates the API shows
 * ({@link CampaignRates#shown}: CC's own percentages once its stats report was read, else ours by CC's definitions:
 * opens, clicks and opt-outs of delivered sends, bounces of sends), and the subject line
 * recipients saw ("-" until the sync has read it).
 */
final class CampaignTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String FMT = "%-16s  %-36s  %-30s  %-7s  %6s  %6s  %5s  %6s  %6s  %7s  %7s  %6s  %6s  %4s  %5s%n";

    private CampaignTable() {
    }

    static String render(List<SentCampaign> campaigns) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(FMT, "SENT (UTC)", "CAMPAIGN", "SUBJECT", "STATUS", "SENDS", "OPENS", "OPEN%", "CLICKS", "CLICK%",
                "BOUNCES", "BOUNCE%", "OPTOUT", "UNSUB%", "FWD", "ABUSE"));
        for (SentCampaign c : campaigns) {
            CampaignStats s = c.stats();
            CampaignRates r = CampaignRates.shown(c);
            b.append(String.format(FMT, WHEN.format(c.lastSentAt()), cut(c.name(), 36),
                    c.content() == null ? "-" : cut(c.content().subject(), 30), cut(c.status(), 7), s.sends(),
                    s.opens(), rate(r.open()), s.clicks(), rate(r.click()), s.bounces(), rate(r.bounce()), s.optouts(),
                    rate(r.unsubscribe()), s.forwards(), s.abuse()));
        }
        if (campaigns.isEmpty()) {
            b.append("(no campaigns sent in the window)\n");
        }
        return b.toString();
    }

    /** A rate in percent, one decimal; "-" when there was nothing to divide by. */
    static String rate(Double percent) {
        return percent == null ? "-" : String.format("%.1f", percent);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
