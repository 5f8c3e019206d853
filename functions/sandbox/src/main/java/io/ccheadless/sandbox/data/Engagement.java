package io.ccheadless.sandbox.data;

import java.time.Duration;

/**
 * How a campaign's audience reacts, as final rates (shares of sends). Counts at a moment are a deterministic,
 * non-decreasing function of the time since the send: each count approaches its final value as
 * {@code 1 − e^(−t/τ)}, with τ of 30 minutes for bounces, 12 hours for opens, 18 hours for clicks, a day for
 * opt-outs and abuse reports, and two days for forwards. Advancing the sandbox clock therefore grows the stats.
 */
public record Engagement(double openRate, double clickRate, double bounceRate, double optoutRate, double forwardRate,
                         double abuseRate, double reopenFactor) {
    public Engagement {
        for (double r : new double[] {openRate, clickRate, bounceRate, optoutRate, forwardRate, abuseRate}) {
            if (r < 0 || r > 1) {
                throw new IllegalArgumentException("rates must be within 0..1");
            }
        }
        if (clickRate > openRate || openRate + bounceRate > 1) {
            throw new IllegalArgumentException("clicks cannot exceed opens; opens and bounces cannot exceed sends");
        }
        if (reopenFactor < 1) {
            throw new IllegalArgumentException("reopenFactor must be >= 1");
        }
    }

    public EmailStats statsAfter(int sends, Duration elapsed) {
        if (elapsed.isNegative() || sends == 0) {
            return EmailStats.NONE;
        }
        double hours = elapsed.toMillis() / 3_600_000.0;
        int bounces = grow(sends * bounceRate, hours, 0.5);
        int opens = grow(sends * openRate, hours, 12);
        int clicks = Math.min(opens, grow(sends * clickRate, hours, 18));
        int optouts = grow(sends * optoutRate, hours, 24);
        int abuse = grow(sends * abuseRate, hours, 24);
        int forwards = grow(sends * forwardRate, hours, 48);
        int opensAll = (int) Math.floor(opens * reopenFactor);
        int clicksAll = (int) Math.floor(clicks * (1 + (reopenFactor - 1) / 2));
        int oc = (int) Math.floor(opensAll * 0.41), om = (int) Math.floor(opensAll * 0.52), ot = (int) Math.floor(opensAll * 0.05);
        int cc = (int) Math.floor(clicksAll * 0.47), cm = (int) Math.floor(clicksAll * 0.46), ct = (int) Math.floor(clicksAll * 0.05);
        return new EmailStats(sends, opens, clicks, forwards, optouts, abuse, bounces,
                opensAll, oc, om, ot, opensAll - oc - om - ot, clicksAll, cc, cm, ct, clicksAll - cc - cm - ct);
    }

    private static int grow(double finalValue, double hours, double tauHours) {
        return (int) Math.floor(finalValue * (1 - Math.exp(-hours / tauHours)));
    }
}
