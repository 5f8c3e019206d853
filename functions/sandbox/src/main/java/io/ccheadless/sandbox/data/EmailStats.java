package io.ccheadless.sandbox.data;

/** A campaign's tracking counts at one moment. Unique counts plus the "all" totals with their device split. */
public record EmailStats(int sends, int opens, int clicks, int forwards, int optouts, int abuse, int bounces,
                         int opensAll, int opensComputer, int opensMobile, int opensTablet, int opensOther,
                         int clicksAll, int clicksComputer, int clicksMobile, int clicksTablet, int clicksOther) {
    public static final EmailStats NONE = new EmailStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public EmailStats {
        if (sends < 0 || opens < 0 || clicks < 0 || forwards < 0 || optouts < 0 || abuse < 0 || bounces < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (opensComputer + opensMobile + opensTablet + opensOther != opensAll
                || clicksComputer + clicksMobile + clicksTablet + clicksOther != clicksAll) {
            throw new IllegalArgumentException("device split must add up to the total");
        }
    }

    /** The same counts with {@code more} sends (a re-send's contacts). */
    public EmailStats plusSends(int more) {
        return more == 0 ? this : new EmailStats(sends + more, opens, clicks, forwards, optouts, abuse, bounces, opensAll,
                opensComputer, opensMobile, opensTablet, opensOther, clicksAll, clicksComputer, clicksMobile, clicksTablet,
                clicksOther);
    }

    /** {@code max(0, sends − opens − bounces)} (docs/cc-api.md §4.2). */
    public int notOpened() {
        return Math.max(0, sends - opens - bounces);
    }
}
