package io.ccheadless.cli;

import io.ccheadless.core.campaigns.SentCampaign;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The recently sent campaigns as a fixed-width text table. */
final class CampaignTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private CampaignTable() {
    }

    static String render(List<SentCampaign> campaigns) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-16s  %-40s  %7s  %6s  %6s  %6s  %7s  %6s%n";
        b.append(String.format(fmt, "SENT (UTC)", "CAMPAIGN", "SENDS", "OPENS", "OPEN%", "CLICKS", "BOUNCES", "OPTOUT"));
        for (SentCampaign c : campaigns) {
            long sends = c.stats().sends();
            String openRate = sends == 0 ? "-" : String.format("%.1f", 100.0 * c.stats().opens() / sends);
            b.append(String.format(fmt, WHEN.format(c.lastSentAt()), cut(c.name(), 40), sends, c.stats().opens(), openRate,
                    c.stats().clicks(), c.stats().bounces(), c.stats().optouts()));
        }
        if (campaigns.isEmpty()) {
            b.append("(no campaigns sent in the window)\n");
        }
        return b.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
