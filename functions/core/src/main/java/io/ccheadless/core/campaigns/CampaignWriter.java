package io.ccheadless.core.campaigns;

import io.ccheadless.core.obs.Log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a run's changed campaigns, 25 to a store call (one BatchWriteItem), and announces their new sends at most
 * once: a change that announces sends is stored already marked announced up to its newest send, and only then
 * published. A run that dies between the two loses those events and never repeats them. Sends the bus refused (so
 * certainly not published) are unmarked again with one more write and published by the next run; sends whose
 * publication has no known outcome stay marked.
 */
final class CampaignWriter {
    static final int WRITE_GROUP = 25;

    /** One item to write; {@code sends} non-empty when the write announces them. */
    record Change(StoredCampaign after, List<CampaignSend> sends) {
        Change {
            Objects.requireNonNull(after, "after");
            sends = List.copyOf(sends);
        }
    }

    private final CampaignStore store;
    private final CampaignEvents events;
    private final Log log;
    private final String tenant;
    private final Map<String, StoredCampaign> stored;
    private final Runnable beforeWrite;
    private int written;
    private int published;
    private int uncertain;
    private int deferred;

    /**
     * @param stored      the run's view of the store, kept current with every write
     * @param beforeWrite called before each group (the run's deadline check)
     */
    CampaignWriter(CampaignStore store, CampaignEvents events, Log log, String tenant, Map<String, StoredCampaign> stored,
                   Runnable beforeWrite) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.log = Objects.requireNonNull(log, "log");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.beforeWrite = Objects.requireNonNull(beforeWrite, "beforeWrite");
    }

    int written() {
        return written;
    }

    int published() {
        return published;
    }

    int uncertain() {
        return uncertain;
    }

    int deferred() {
        return deferred;
    }

    /**
     * The sends of {@code c} not yet announced. For a campaign announced before: every completed run of its resend
     * activities that is not among its announced re-sends, with its exact run date; a run CC identifies by its
     * activity and send id, so a date more exact than the summaries' never makes a send new. Runs at or before the
     * minute of the first announcement were covered by it (the campaign was first seen after them: the summaries
     * date to the minute). Otherwise, or when no run is new, its last send.
     */
    static List<CampaignSend> sends(StoredCampaign c, List<CampaignDetails.Run> runs) {
        Instant after = c.announcedSentAt();
        List<CampaignSend> out = new ArrayList<>();
        if (after != null) {
            Instant covered = c.announcedSends().isEmpty() ? after.truncatedTo(ChronoUnit.MINUTES) : null;
            for (CampaignDetails.Run run : runs) {
                if (c.announcedSends().contains(run.key())
                        || (covered != null && !run.at().truncatedTo(ChronoUnit.MINUTES).isAfter(covered))) {
                    continue;
                }
                out.add(new CampaignSend(c.campaign(), run.at(), run.key()));
            }
        }
        if (out.isEmpty()) {
            out.add(new CampaignSend(c.campaign(), c.lastSentAt()));
        }
        return out;
    }

    void write(List<Change> changes) {
        write(changes, true);
    }

    /** Writes what a run stopping at its deadline margin already read (the margin leaves room for it). */
    void writeAtStop(List<Change> changes) {
        write(changes, false);
    }

    private void write(List<Change> changes, boolean checked) {
        for (int i = 0; i < changes.size(); i += WRITE_GROUP) {
            List<Change> group = changes.subList(i, Math.min(changes.size(), i + WRITE_GROUP));
            if (checked) {
                beforeWrite.run();
            }
            List<StoredCampaign> items = new ArrayList<>();
            List<CampaignSend> sends = new ArrayList<>();
            for (Change ch : group) {
                items.add(ch.sends().isEmpty() ? ch.after() : ch.after().announcedUpTo(mark(ch), keys(ch.sends())));
                sends.addAll(ch.sends());
            }
            upsert(items);
            if (sends.isEmpty()) {
                continue;
            }
            CampaignEvents.Publication p = events.publish(sends);
            published += p.published();
            uncertain += p.uncertain();
            if (p.uncertain() > 0) {
                log.warn("campaign events uncertain", "tenant", tenant, "events", p.uncertain(),
                        "reason", "the bus did not answer; not published again (at most once)");
            }
            if (!p.refused().isEmpty()) {
                deferred += p.refused().size();
                upsert(unmark(group, p.refused()));
                log.warn("campaign events deferred", "tenant", tenant, "events", p.refused().size(),
                        "reason", "refused by the bus; the next run publishes them");
            }
        }
    }

    private void upsert(List<StoredCampaign> items) {
        if (items.isEmpty()) {
            return;
        }
        store.upsert(items);
        written += items.size();
        items.forEach(s -> stored.put(s.campaignId(), s));
    }

    private static List<String> keys(List<CampaignSend> sends) {
        return sends.stream().map(CampaignSend::sendKey).filter(Objects::nonNull).toList();
    }

    /** Announced up to the newest of its sends: a run date can be more exact than the summaries' date. */
    private static Instant mark(Change ch) {
        Instant mark = ch.after().lastSentAt();
        for (CampaignSend s : ch.sends()) {
            if (s.sentAt().isAfter(mark)) {
                mark = s.sentAt();
            }
        }
        return mark;
    }

    /**
     * Campaigns whose refused sends can be published again later without repeating one that went out: the mark goes
     * back to the last send before the first refused one. A refused send followed by a published one of the same
     * campaign is given up (at most once).
     */
    private List<StoredCampaign> unmark(List<Change> group, List<CampaignSend> refused) {
        List<StoredCampaign> out = new ArrayList<>();
        for (Change ch : group) {
            List<CampaignSend> mine = ch.sends();
            int firstRefused = -1;
            for (int k = 0; k < mine.size() && firstRefused < 0; k++) {
                if (refused.contains(mine.get(k))) {
                    firstRefused = k;
                }
            }
            if (firstRefused < 0) {
                continue;
            }
            boolean laterWentOut = false;
            for (int k = firstRefused + 1; k < mine.size(); k++) {
                laterWentOut |= !refused.contains(mine.get(k));
            }
            if (laterWentOut) {
                log.warn("campaign event given up", "tenant", tenant, "campaign_id", ch.after().campaignId(),
                        "reason", "refused, and a later send of the campaign was published");
                continue;
            }
            Instant back = firstRefused == 0 ? ch.after().announcedSentAt() : mine.get(firstRefused - 1).sentAt();
            List<String> kept = new ArrayList<>(ch.after().announcedSends());
            kept.addAll(keys(mine.subList(0, firstRefused)));
            out.add(new StoredCampaign(ch.after().campaign(), back, kept, ch.after().contentUnavailableFor()));
        }
        return out;
    }
}
