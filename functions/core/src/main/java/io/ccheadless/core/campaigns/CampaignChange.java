package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one summaries row (or its absence) means for one stored campaign: the pure half of a sync page. {@link
 * #classify} and {@link #vanished} decide from values alone; {@link #resolve} turns a decision and the details read
 * for it into the item to write and the sends to announce. No clock, no I/O: tested on its own
 * (CampaignChangeTest); {@code CampaignSync} does the reads and writes around it.
 */
sealed interface CampaignChange {
    String REMOVED = "Removed";

    String campaignId();

    /** True when the decision needs the campaign's name, status and type read from CC before it can be written. */
    default boolean needsDetails() {
        return true;
    }

    /** True when the details read must include the campaign's send history (a re-send of an announced campaign). */
    default boolean needsHistory() {
        return false;
    }

    /** A campaign sent in the window that is not stored yet. */
    record New(CcCampaigns.Summary summary) implements CampaignChange {
        public String campaignId() {
            return summary.campaignId();
        }
    }

    /** A stored campaign whose last send is newer than the stored one. */
    record Resent(CcCampaigns.Summary summary, StoredCampaign before) implements CampaignChange {
        public String campaignId() {
            return before.campaignId();
        }

        public boolean needsHistory() {
            return before.announcedSentAt() != null;
        }
    }

    /** A stored campaign whose last send CC now dates earlier (a send record corrected or removed). */
    record Moved(CcCampaigns.Summary summary, StoredCampaign before) implements CampaignChange {
        public String campaignId() {
            return before.campaignId();
        }
    }

    /** The same send with other stats, name, status or type, known without another request. */
    record StatsGrew(StoredCampaign after) implements CampaignChange {
        public String campaignId() {
            return after.campaignId();
        }

        public boolean needsDetails() {
            return false;
        }
    }

    /** A stored campaign the summaries no longer list where it would be: removed, or its sends deleted. */
    record Vanished(StoredCampaign before) implements CampaignChange {
        public String campaignId() {
            return before.campaignId();
        }
    }

    /** Nothing to write (also: a send older than the look-back that was never stored). */
    record Unchanged(String campaignId) implements CampaignChange {
        public boolean needsDetails() {
            return false;
        }
    }

    /**
     * @param summary   the row on the page
     * @param before    the stored campaign, null when none
     * @param listed    what the campaign listing already said about it (free: read for another campaign), or null
     * @param sendCutoff sends before this are outside the look-back
     */
    static CampaignChange classify(CcCampaigns.Summary summary, StoredCampaign before, CcCampaigns.Listed listed,
                                   Instant sendCutoff, String tenant, Instant now) {
        Objects.requireNonNull(summary, "summary");
        String id = summary.campaignId();
        if (before == null) {
            return summary.lastSentAt().isBefore(sendCutoff) ? new Unchanged(id) : new New(summary);
        }
        if (summary.lastSentAt().isAfter(before.lastSentAt())) {
            return new Resent(summary, before);
        }
        if (!summary.lastSentAt().equals(before.lastSentAt())) {
            return new Moved(summary, before);
        }
        SentCampaign c = before.campaign();
        SentCampaign current = listed == null ? c.withStats(summary.stats(), now)
                : c.withDetails(listed.name(), listed.status(), listed.type()).withStats(summary.stats(), now);
        return current.sameAs(c) ? new Unchanged(id) : new StatsGrew(before.with(current));
    }

    /** A stored campaign that a page should have shown and did not. */
    static CampaignChange vanished(StoredCampaign before) {
        return new Vanished(before);
    }

    /**
     * The write a decision makes once its details are read; null when there is nothing to write.
     *
     * @param info the campaign's details, null when CC does not know it (404) or none were needed
     */
    static CampaignWriter.Change resolve(CampaignChange change, CampaignDetails.Info info, String tenant, Instant now) {
        return switch (change) {
            case New n -> {
                if (info == null) {
                    yield null;   // in the summaries but unknown to GET /v3/emails/{id}: the caller logs it
                }
                CcCampaigns.Summary s = n.summary();
                SentCampaign c = new SentCampaign(tenant, s.campaignId(), info.name(), info.status(), info.type(),
                        s.lastSentAt(), s.stats(), now);
                yield new CampaignWriter.Change(new StoredCampaign(c, null), List.of(new CampaignSend(c, s.lastSentAt())));
            }
            case Resent r -> {
                SentCampaign c = details(r.before().campaign(), info).withSend(r.summary().lastSentAt(),
                        r.summary().stats(), now);
                StoredCampaign after = r.before().with(c);
                yield new CampaignWriter.Change(after, CampaignWriter.sends(after, info == null ? List.of() : info.runs()));
            }
            case Moved m -> new CampaignWriter.Change(m.before().with(details(m.before().campaign(), info)
                    .withSend(m.summary().lastSentAt(), m.summary().stats(), now)), List.of());
            case Vanished v -> {
                SentCampaign c = v.before().campaign();
                SentCampaign gone = (info == null ? c.withDetails(c.name(), REMOVED, c.campaignType())
                        : c.withDetails(info.name(), info.status(), info.type())).withStats(c.stats(), now);
                yield gone.sameAs(c) ? null : new CampaignWriter.Change(v.before().with(gone), List.of());
            }
            case StatsGrew g -> new CampaignWriter.Change(g.after(), List.of());
            case Unchanged u -> null;
        };
    }

    private static SentCampaign details(SentCampaign c, CampaignDetails.Info info) {
        return info == null ? c : c.withDetails(info.name(), info.status(), info.type());
    }
}
