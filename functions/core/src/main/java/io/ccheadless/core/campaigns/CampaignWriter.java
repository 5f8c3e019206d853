package io.ccheadless.core.campaigns;

import io.ccheadless.core.obs.Log;

import java.time.Instant;
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
     * The sends of {@code c} not yet announced: for a campaign announced before, every completed run of its send
     * history after the last announced one, with its exact run date; otherwise (or without history) its last send.
     */
    static List<CampaignSend> sends(StoredCampaign c, List<Instant> runs) {
        Instant after = c.announcedSentAt();
        List<CampaignSend> out = new ArrayList<>();
        if (after != null) {
            for (Instant run : runs) {
                if (run.isAfter(after)) {
                    out.add(new CampaignSend(c.campaign(), run));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new CampaignSend(c.campaign(), c.lastSentAt()));
        }
        return out;
    }

    void write(List<Change> changes) {
        for (int i = 0; i < changes.size(); i += WRITE_GROUP) {
            List<Change> group = changes.subList(i, Math.min(changes.size(), i + WRITE_GROUP));
            beforeWrite.run();
            List<StoredCampaign> items = new ArrayList<>();
            List<CampaignSend> sends = new ArrayList<>();
            for (Change ch : group) {
                items.add(ch.sends().isEmpty() ? ch.after() : ch.after().announcedUpTo(mark(ch)));
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
            out.add(new StoredCampaign(ch.after().campaign(), back));
        }
        return out;
    }
}
