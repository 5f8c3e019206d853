package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.BudgetExhaustedException;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.obs.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The scheduled job for one tenant, under its sync lease.
 *
 * <p>A <em>pass</em> reads CC's bulk summaries (newest send first, 500 a page; they carry every stat) from the
 * first page down to its floor: normally the watermark minus a settling margin, so a run with nothing new reads
 * one page; when the stats window is due for a refresh, down to the oldest stored campaign in it. Name, status
 * and type are read only for campaigns that are new, re-sent or gone from the summaries ({@link CampaignDetails}:
 * the campaign listing, or one campaign's own read). Changes are written and announced by {@link CampaignWriter}:
 * a send is marked announced in the same write that stores it and published right after (at most once).
 *
 * <p>The watermark moves only when a pass completes, to the newest send it stored. A pass cut short by the
 * deadline, the daily budget or a failure leaves a checkpoint (the next page to read) and the watermark where
 * it was; the next invocation continues from the checkpoint. Everything a pass writes is idempotent, so a page
 * read twice changes nothing.
 */
public final class CampaignSync {
    private final CampaignStore store;
    private final SyncStateStore states;
    private final CampaignEvents events;
    private final Clock clock;
    private final SyncPolicy policy;
    private final String owner;
    private final Log log;
    private final Supplier<String> fences;

    public CampaignSync(CampaignStore store, SyncStateStore states, CampaignEvents events, Clock clock, SyncPolicy policy,
                        String owner, Log log) {
        this(store, states, events, clock, policy, owner, log, () -> UUID.randomUUID().toString());
    }

    public CampaignSync(CampaignStore store, SyncStateStore states, CampaignEvents events, Clock clock, SyncPolicy policy,
                        String owner, Log log, Supplier<String> fences) {
        this.store = Objects.requireNonNull(store, "store");
        this.states = Objects.requireNonNull(states, "states");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.log = Objects.requireNonNull(log, "log");
        this.fences = Objects.requireNonNull(fences, "fences");
    }

    public SyncPolicy policy() {
        return policy;
    }

    /** One invocation for {@code tenant}, reading CC through {@code cc}, finishing before {@code deadline}. */
    public SyncReport run(String tenant, CcCampaigns cc, Instant deadline) {
        Instant started = clock.instant();
        SyncLease lease = new SyncLease(owner, fences.get(), deadline);
        SyncStateStore.LeaseAttempt attempt = states.tryAcquire(tenant, lease, started);
        if (attempt instanceof SyncStateStore.Held held) {
            String detail = "another sync of tenant '" + tenant + "' (" + held.holder().owner() + ") holds the sync lease until "
                    + held.holder().until();
            log.info("sync skipped", "tenant", tenant, "reason", detail);
            return new SyncReport(tenant, SyncReport.Outcome.LEASE_HELD, 0, 0, 0, 0, 0, cc.requestsMade(), cc.throttledAt(),
                    Duration.between(started, clock.instant()), null, detail, List.of());
        }
        return new Invocation(tenant, cc, deadline, lease, ((SyncStateStore.Acquired) attempt).state(), started).execute();
    }

    /** Ends a pass early; the pass is checkpointed. */
    private static final class Stop extends RuntimeException {
        final SyncReport.Outcome outcome;

        Stop(SyncReport.Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }

    private final class Invocation {
        private final String tenant;
        private final CcCampaigns cc;
        private final Instant deadline;
        private final SyncLease lease;
        private final Instant started;
        private final Map<String, StoredCampaign> stored = new HashMap<>();
        private final Set<String> seen = new HashSet<>();
        private final CampaignWriter writer;
        private SyncState state;
        private int campaignsSeen;
        private String detail = "";

        Invocation(String tenant, CcCampaigns cc, Instant deadline, SyncLease lease, SyncState state, Instant started) {
            this.tenant = tenant;
            this.cc = cc;
            this.deadline = deadline;
            this.lease = lease;
            this.state = state;
            this.started = started;
            this.writer = new CampaignWriter(store, events, log, tenant, stored, this::beforeRequest);
        }

        SyncReport execute() {
            SyncState initial = state;
            SyncReport.Outcome outcome;
            try {
                outcome = work();
            } catch (RuntimeException e) {
                finish(initial, e);
                throw e;
            }
            finish(initial, null);
            SyncReport r = report(outcome);
            log.info("sync pass", "tenant", tenant, "outcome", outcome.name(), "cc_requests", r.ccRequests(),
                    "campaigns_written", writer.written(), "events_published", writer.published(),
                    "events_uncertain", writer.uncertain(), "events_deferred", writer.deferred(), "throttled", r.throttled(),
                    "detail", detail);
            return r;
        }

        /** One write: the new state (or nothing new) and the lease given back. */
        private void finish(SyncState initial, RuntimeException failure) {
            try {
                if (state.equals(initial)) {
                    states.release(tenant, lease);
                } else {
                    states.save(tenant, lease, state, true);
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }

        private SyncReport.Outcome work() {
            Instant now = clock.instant();
            SyncCheckpoint cp = state.checkpoint();
            Instant loadFrom = min(now.minus(policy.lookback()), now.minus(policy.statsWindow()));
            if (cp != null) {
                loadFrom = min(loadFrom, min(cp.sendCutoff(), cp.floor()));
            }
            for (StoredCampaign s : store.syncedSince(tenant, loadFrom)) {
                stored.put(s.campaignId(), s);
            }
            if (cp == null) {
                return pass(freshPass(now), false);
            }
            SyncReport.Outcome o = pass(cp, true);
            if (o == SyncReport.Outcome.COMPLETED && timeLeft()) {
                o = pass(freshPass(clock.instant()), false);   // what was sent while the old pass waited
            }
            return o;
        }

        private SyncCheckpoint freshPass(Instant now) {
            Instant sendCutoff = now.minus(policy.lookback());
            Instant floor = state.watermark() == null ? sendCutoff
                    : max(sendCutoff, state.watermark().minus(policy.settle()));
            boolean sweep = state.statsSweptAt() == null || !now.isBefore(state.statsSweptAt().plus(policy.statsRefresh()));
            if (sweep) {
                Instant statsFrom = now.minus(policy.statsWindow());
                for (StoredCampaign s : stored.values()) {
                    if (!s.lastSentAt().isBefore(statsFrom) && s.lastSentAt().isBefore(floor) && !removed(s)) {
                        floor = s.lastSentAt();
                    }
                }
            }
            return new SyncCheckpoint(now, sendCutoff, floor, sweep, CcCampaigns.firstSummariesPage(policy.pageSize()),
                    null, null, now, "start");
        }

        private SyncReport.Outcome pass(SyncCheckpoint cp, boolean resumed) {
            seen.clear();
            Instant[] covered = {cp.processedDownTo()};   // what earlier pages of this pass covered (null: nothing)
            CampaignDetails details = new CampaignDetails(cc, min(cp.sendCutoff(), cp.floor()), () -> covered[0],
                    policy.pageSize(), this::beforeRequest);
            // A resumed pass re-anchors: it reads again from the newest send down instead of following the saved
            // cursor, which may be an offset that rows sent or deleted since have shifted (README, "State, lease,
            // limits, deadline"; docs/cc-api.md §5). What it already stored reads as unchanged; it costs the pages
            // above the checkpoint.
            String href = resumed ? CcCampaigns.firstSummariesPage(policy.pageSize()) : cp.nextHref();
            Instant anchoredBelow = resumed ? cp.processedDownTo() : null;
            Instant coveredHigh = resumed ? null : cp.processedDownTo();
            Instant runNewest = cp.runNewest();
            ReportsDue reportsDue = new ReportsDue();
            boolean first = true;
            while (true) {
                SyncCheckpoint here = new SyncCheckpoint(cp.runStartedAt(), cp.sendCutoff(), cp.floor(), cp.sweep(), href,
                        min(coveredHigh, anchoredBelow), runNewest, clock.instant(), "running");
                CcCampaigns.SummaryPage page;
                Instant pageNewest;
                try {
                    if (first) {
                        retryPending(cp, details);
                    }
                    beforeRequest();
                    page = cc.summaries(href);
                    pageNewest = applyPage(cp, page, details, coveredHigh);
                    if (cp.sweep()) {
                        // the page is applied: a pass cut short while reporting continues below it
                        Instant applied = page.summaries().stream().map(CcCampaigns.Summary::lastSentAt)
                                .min(Comparator.naturalOrder()).orElse(coveredHigh);
                        here = new SyncCheckpoint(cp.runStartedAt(), cp.sendCutoff(), cp.floor(), cp.sweep(),
                                page.nextHref() == null ? href : page.nextHref(), min(applied, anchoredBelow),
                                max(runNewest, pageNewest), clock.instant(), "running");
                        report(cp, page, reportsDue, endsPass(cp, page), anchoredBelow);
                    }
                } catch (Stop s) {
                    return stop(here, s.outcome, s.getMessage());
                } catch (BudgetExhaustedException e) {
                    return stop(here, SyncReport.Outcome.BUDGET_EXHAUSTED, e.getMessage() + "; continues after " + e.resumesAt());
                } catch (CcApiException e) {
                    if (resumed && first && !e.retryable() && !e.forbidden() && e.status() >= 400 && e.status() < 500) {
                        log.warn("sync checkpoint abandoned", "tenant", tenant, "reason", e.getMessage());
                        state = state.withCheckpoint(null);
                        return pass(freshPass(clock.instant()), false);
                    }
                    state = state.withCheckpoint(withReason(here, "failed: " + e.getMessage()));
                    throw e;
                } catch (RuntimeException e) {
                    state = state.withCheckpoint(withReason(here, "failed: " + e.getClass().getSimpleName()));
                    throw e;
                }
                first = false;
                runNewest = max(runNewest, pageNewest);
                Instant pageOldest = page.summaries().stream().map(CcCampaigns.Summary::lastSentAt)
                        .min(Comparator.naturalOrder()).orElse(null);
                if (pageOldest != null) {
                    coveredHigh = pageOldest;
                    covered[0] = pageOldest;
                }
                if (page.nextHref() == null || (pageOldest != null && pageOldest.isBefore(cp.floor()))) {
                    Instant watermark = max(state.watermark(), runNewest);
                    state = new SyncState(watermark, cp.sweep() ? cp.runStartedAt() : state.statsSweptAt(), null,
                            clock.instant());
                    return SyncReport.Outcome.COMPLETED;
                }
                href = page.nextHref();
            }
        }

        private SyncReport.Outcome stop(SyncCheckpoint here, SyncReport.Outcome outcome, String why) {
            detail = why;
            state = state.withCheckpoint(withReason(here, why));
            return outcome;
        }

        /**
         * One summaries page: each row (and each stored campaign the page should have shown) classified by {@link
         * CampaignChange}, the details the decisions need read in one go, and the resulting writes made.
         * Answers the newest send on the page that is now stored (null if none).
         */
        private Instant applyPage(SyncCheckpoint cp, CcCampaigns.SummaryPage page, CampaignDetails details,
                                  Instant coveredHigh) {
            Instant now = clock.instant();
            List<CampaignChange> decisions = new ArrayList<>();
            Instant pageOldest = null;
            for (CcCampaigns.Summary s : page.summaries()) {
                pageOldest = min(pageOldest, s.lastSentAt());
                seen.add(s.campaignId());
                if (!s.lastSentAt().isBefore(cp.sendCutoff())) {
                    campaignsSeen++;
                }
                decisions.add(CampaignChange.classify(s, stored.get(s.campaignId()), details.listed(s.campaignId()),
                        cp.sendCutoff(), tenant, now));
            }
            if (page.skipped() > 0) {
                log.warn("summaries rows skipped", "tenant", tenant, "rows", page.skipped());
            }
            decisions.addAll(vanished(page, pageOldest, coveredHigh));
            // a new campaign is read on its own (its primary activity's id comes only from there), right before its
            // content: see withContent
            List<CampaignDetails.Need> needs = decisions.stream().filter(CampaignChange::needsDetails)
                    .filter(d -> !(d instanceof CampaignChange.New))
                    .map(d -> new CampaignDetails.Need(d.campaignId(), neededSince(d), d.needsHistory())).toList();
            Map<String, CampaignDetails.Info> info = needs.isEmpty() ? Map.of() : details.resolve(needs);
            List<CampaignChange.New> news = new ArrayList<>();
            List<CampaignWriter.Change> changes = new ArrayList<>();
            for (CampaignChange d : decisions) {
                if (d instanceof CampaignChange.New n) {
                    news.add(n);
                    continue;
                }
                CampaignWriter.Change w = CampaignChange.resolve(d, info.get(d.campaignId()), tenant, now);
                if (w != null) {
                    changes.add(w);
                }
            }
            writer.write(withContent(cp, page, news, changes, details));
            Instant newest = null;
            for (CcCampaigns.Summary s : page.summaries()) {
                if (stored.containsKey(s.campaignId()) && !s.lastSentAt().isBefore(cp.sendCutoff())) {
                    newest = max(newest, s.lastSentAt());
                }
            }
            return newest;
        }

        /**
         * The page's changes with the content of every campaign of the look-back that has none yet: a campaign first
         * stored (announced with its subject), or one stored before it could be read. Read once: a campaign holding
         * its content is never read again, so a run with nothing new costs no request here. A campaign or activity CC
         * no longer knows (404), or one CC lists no primary activity for, is written without content and remembered
         * as such ({@link StoredCampaign#contentRefused}): not asked again until the campaign is sent again.
         */
        private List<CampaignWriter.Change> withContent(SyncCheckpoint cp, CcCampaigns.SummaryPage page,
                                                        List<CampaignChange.New> news,
                                                        List<CampaignWriter.Change> changes, CampaignDetails details) {
            List<CampaignWriter.Change> out = new ArrayList<>();
            Set<String> changed = new HashSet<>();
            try {
                for (CampaignChange.New n : news) {
                    CampaignDetails.Info in = details.resolve(List.of(new CampaignDetails.Need(n.campaignId(),
                            n.summary().lastSentAt(), false, true))).get(n.campaignId());
                    CampaignWriter.Change w = CampaignChange.resolve(n, in, tenant, clock.instant());
                    if (w == null) {
                        log.warn("campaign skipped", "tenant", tenant, "campaign_id", n.campaignId(),
                                "reason", "in the summaries but unknown to GET /v3/emails/{id}");
                        continue;
                    }
                    changed.add(n.campaignId());
                    StoredCampaign after = readContent(w.after(), in);
                    out.add(new CampaignWriter.Change(after, w.sends().stream()   // announced with its subject
                            .map(x -> new CampaignSend(after.campaign(), x.sentAt(), x.sendKey())).toList()));
                }
                for (CampaignWriter.Change ch : changes) {
                    changed.add(ch.after().campaignId());
                    StoredCampaign after = needsContent(ch.after(), cp) ? readContent(ch.after(), null) : ch.after();
                    out.add(new CampaignWriter.Change(after, ch.sends().stream()
                            .map(x -> new CampaignSend(after.campaign(), x.sentAt(), x.sendKey())).toList()));
                }
                for (CcCampaigns.Summary s : page.summaries()) {
                    StoredCampaign sc = stored.get(s.campaignId());
                    if (sc != null && !changed.contains(sc.campaignId()) && needsContent(sc, cp)) {
                        StoredCampaign after = readContent(sc, null);
                        if (after != sc) {
                            out.add(new CampaignWriter.Change(after, List.of()));
                        }
                    }
                }
            } catch (Stop | BudgetExhaustedException s) {
                // a page of new campaigns can need more reads than one invocation has time for: what is read is
                // kept (and announced), so the page read again goes on from there instead of starting over
                writer.writeAtStop(out);
                throw s;
            }
            return out;
        }

        private static boolean needsContent(StoredCampaign s, SyncCheckpoint cp) {
            return s.campaign().content() == null && !s.contentRefused() && !removed(s)
                    && !s.lastSentAt().isBefore(cp.sendCutoff());
        }

        /** The campaign with its content read from CC; marked {@link StoredCampaign#contentUnavailable} when CC cannot give it. */
        private StoredCampaign readContent(StoredCampaign s, CampaignDetails.Info in) {
            try {
                String activityId = in == null ? null : in.primaryActivityId();
                if (activityId == null) {
                    beforeRequest();
                    activityId = cc.details(s.campaignId()).primaryActivityId();
                }
                if (activityId == null) {
                    log.warn("campaign content skipped", "tenant", tenant, "campaign_id", s.campaignId(),
                            "reason", "CC lists no primary_email activity");
                    return s.contentUnavailable();
                }
                beforeRequest();
                CampaignContent content = cc.activity(activityId);
                if (policy.linkReport()) {
                    beforeRequest();
                    content = content.withLinks(cc.links(activityId));
                }
                return s.with(s.campaign().withContent(content, clock.instant()));
            } catch (CcApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                log.warn("campaign content skipped", "tenant", tenant, "campaign_id", s.campaignId(), "reason", e.getMessage());
                return s.contentUnavailable();
            }
        }

        /**
         * Stored campaigns this page should have shown and did not: sent between what earlier pages covered and this
         * page's oldest row (or below, when the list ended here).
         */
        private List<CampaignChange> vanished(CcCampaigns.SummaryPage page, Instant pageOldest, Instant coveredHigh) {
            boolean listEnded = page.nextHref() == null;
            List<CampaignChange> out = new ArrayList<>();
            if (pageOldest == null && !listEnded) {
                return out;
            }
            for (StoredCampaign sc : stored.values()) {
                Instant t = sc.lastSentAt();
                if (removed(sc) || seen.contains(sc.campaignId()) || (coveredHigh != null && !t.isBefore(coveredHigh))) {
                    continue;
                }
                if (listEnded || t.isAfter(pageOldest)) {
                    out.add(CampaignChange.vanished(sc));
                }
            }
            return out;
        }

        /** The send date the details lookup is bounded by: the row's for a row, the stored one for a vanished one. */
        private static Instant neededSince(CampaignChange d) {
            return switch (d) {
                case CampaignChange.New n -> n.summary().lastSentAt();
                case CampaignChange.Resent r -> r.summary().lastSentAt();
                case CampaignChange.Moved m -> m.summary().lastSentAt();
                case CampaignChange.Vanished v -> v.before().lastSentAt();
                case CampaignChange.StatsGrew g -> g.after().lastSentAt();
                case CampaignChange.Unchanged u -> throw new IllegalStateException("needs no details");
            };
        }

        /** True when this page is the pass's last: the list ends, or it reaches below the floor. */
        private static boolean endsPass(SyncCheckpoint cp, CcCampaigns.SummaryPage page) {
            Instant oldest = page.summaries().stream().map(CcCampaigns.Summary::lastSentAt)
                    .min(Comparator.naturalOrder()).orElse(null);
            return page.nextHref() == null || (oldest != null && oldest.isBefore(cp.floor()));
        }

        /**
         * In a pass that refreshes the stats window: CC's stats report for the page's stored campaigns of the window
         * whose report is due ({@link CampaignReport#currentFor}: none yet, unique counts moved since it was read, or
         * older than {@link SyncPolicy#reportMaxAge}), {@value CcCampaigns#MAX_REPORT_IDS} to a request (the
         * fewest), the rest when the pass ends, that last request filled up with window campaigns not due (free). A
         * quiet sweep (nothing due) costs the summaries alone. A report read for a due campaign is written (its read
         * time and counts at read); one read alongside is written only if it changed. None announces anything. CC
         * answers 404 for a whole request naming a campaign it no longer knows: those campaigns stay due and keep
         * their last report until the next sweep. A re-anchored pass does not report again on the rows above its
         * checkpoint ({@code anchoredBelow}), which the interrupted invocation covered: its re-reading costs the
         * summaries pages alone, and a campaign it left due is still due at the next sweep.
         */
        private void report(SyncCheckpoint cp, CcCampaigns.SummaryPage page, ReportsDue due, boolean last,
                            Instant anchoredBelow) {
            Instant statsFrom = cp.runStartedAt().minus(policy.statsWindow());
            for (CcCampaigns.Summary s : page.summaries()) {
                StoredCampaign sc = stored.get(s.campaignId());
                if (sc != null && !removed(sc) && !sc.lastSentAt().isBefore(statsFrom)
                        && (anchoredBelow == null || s.lastSentAt().isBefore(anchoredBelow))) {
                    CampaignReport r = sc.campaign().report();
                    boolean current = r != null && r.currentFor(sc.campaign().stats(), cp.runStartedAt(), policy.reportMaxAge());
                    (current ? due.spare : due.ids).add(s.campaignId());
                }
            }
            while (due.ids.size() >= CcCampaigns.MAX_REPORT_IDS || (last && !due.ids.isEmpty())) {
                List<String> ids = new ArrayList<>(due.ids.subList(0, Math.min(due.ids.size(), CcCampaigns.MAX_REPORT_IDS)));
                due.ids.subList(0, ids.size()).clear();
                Set<String> wanted = Set.copyOf(ids);
                if (last && due.ids.isEmpty()) {
                    for (String id : due.spare) {
                        if (ids.size() >= CcCampaigns.MAX_REPORT_IDS) {
                            break;
                        }
                        ids.add(id);
                    }
                }
                beforeRequest();
                Map<String, CampaignReport> reports;
                try {
                    reports = cc.statsReport(List.copyOf(ids));
                } catch (CcApiException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    log.warn("stats report skipped", "tenant", tenant, "campaigns", ids.size(), "reason", e.getMessage());
                    continue;
                }
                Instant now = clock.instant();
                List<CampaignWriter.Change> changes = new ArrayList<>();
                for (Map.Entry<String, CampaignReport> r : reports.entrySet()) {
                    StoredCampaign before = stored.get(r.getKey());
                    if (before != null && (wanted.contains(r.getKey())
                            || !r.getValue().sameCounts(before.campaign().report()))) {
                        CampaignReport read = r.getValue().readAt(now, before.campaign().stats());
                        changes.add(new CampaignWriter.Change(before.with(before.campaign().withReport(read, now)),
                                List.of()));
                    }
                }
                writer.write(changes);
            }
        }

        /** The window campaigns of a sweep whose report is due, and those read alongside only to fill a request. */
        private static final class ReportsDue {
            final List<String> ids = new ArrayList<>();
            final List<String> spare = new ArrayList<>();
        }

        /** Sends still pending from a run whose events the bus refused: announce them before anything else. */
        private void retryPending(SyncCheckpoint cp, CampaignDetails details) {
            List<StoredCampaign> pending = stored.values().stream()
                    .filter(s -> s.announcementPending() && !s.lastSentAt().isBefore(cp.sendCutoff()))
                    .sorted(Comparator.comparing(StoredCampaign::lastSentAt))
                    .toList();
            if (pending.isEmpty()) {
                return;
            }
            List<CampaignDetails.Need> history = pending.stream().filter(s -> s.announcedSentAt() != null)
                    .map(s -> new CampaignDetails.Need(s.campaignId(), s.lastSentAt(), true)).toList();
            Map<String, CampaignDetails.Info> info = history.isEmpty() ? Map.of() : details.resolve(history);
            List<CampaignWriter.Change> changes = new ArrayList<>();
            for (StoredCampaign s : pending) {
                CampaignDetails.Info in = info.get(s.campaignId());
                changes.add(new CampaignWriter.Change(s, CampaignWriter.sends(s, in == null ? List.of() : in.runs())));
            }
            writer.write(changes);
        }

        private void beforeRequest() {
            if (!timeLeft()) {
                throw new Stop(SyncReport.Outcome.CHECKPOINTED, "stopped " + policy.deadlineMargin().toSeconds()
                        + " s before the invocation's deadline; the next invocation continues from the checkpoint");
            }
        }

        private boolean timeLeft() {
            return clock.instant().plus(policy.deadlineMargin()).isBefore(deadline);
        }

        private SyncReport report(SyncReport.Outcome outcome) {
            Instant now = clock.instant();
            Instant recent = now.minus(policy.lookback());
            List<SentCampaign> campaigns = stored.values().stream().map(StoredCampaign::campaign)
                    .filter(c -> !c.lastSentAt().isBefore(recent))
                    .sorted(Comparator.comparing(SentCampaign::lastSentAt).reversed().thenComparing(SentCampaign::campaignId))
                    .toList();
            return new SyncReport(tenant, outcome, campaignsSeen, writer.written(), writer.published(), writer.uncertain(),
                    writer.deferred(), cc.requestsMade(),
                    cc.throttledAt(), Duration.between(started, now), state.watermark(), detail, campaigns);
        }
    }

    private static boolean removed(StoredCampaign s) {
        return CampaignChange.REMOVED.equalsIgnoreCase(s.campaign().status());
    }

    private static SyncCheckpoint withReason(SyncCheckpoint c, String reason) {
        return new SyncCheckpoint(c.runStartedAt(), c.sendCutoff(), c.floor(), c.sweep(), c.nextHref(), c.processedDownTo(),
                c.runNewest(), c.savedAt(), reason.length() > 300 ? reason.substring(0, 300) : reason);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
