package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.campaigns.testing.FaultyCcTransport;
import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import io.ccheadless.core.http.UrlConnectionTransport;
import io.ccheadless.core.obs.Log;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Runs that cannot finish: the deadline, a failing CC, the daily budget, a sync already running, a refusing bus. */
class CampaignSyncRecoveryTest {
    static final Duration LOOKBACK = Duration.ofDays(14);

    @Test
    void aRunCutShortByTheDeadlineCheckpointsAndLaterInvocationsFinishWithTheSameResult() {
        // 300 campaigns: each new one costs three reads (itself, its activity, its links), kept as they are made
        try (SyncFixture fx = new SyncFixture(300, 3, null, SyncPolicy.defaults(LOOKBACK), true)) {
            SandboxTruth truth = fx.truth();
            Instant cutoff = null;
            int invocations = 0;
            int requests = 0;
            SyncReport r;
            do {
                invocations++;
                assertTrue(invocations <= 60, "finishes within sixty short invocations");
                // room for about six requests (0.25 s apart) before the 20 s margin: a resumed pass re-reads the
                // summaries pages above its checkpoint (three in this window) before it goes on
                r = fx.sync(fx.clock.instant().plus(fx.policy.deadlineMargin()).plusMillis(1_500));
                requests += r.ccRequests();
                SyncState s = fx.states.read(SyncFixture.TENANT).orElseThrow();
                if (r.outcome() == SyncReport.Outcome.CHECKPOINTED) {
                    assertNull(s.watermark(), "no watermark before the first pass completes");
                    assertNotNull(s.checkpoint(), "where to continue");
                    assertTrue(s.checkpoint().reason().contains("deadline"), s.checkpoint().reason());
                    assertTrue(fx.states.lease(SyncFixture.TENANT).isEmpty(), "the lease is given back with the checkpoint");
                    cutoff = cutoff == null ? s.checkpoint().sendCutoff() : cutoff;
                    assertEquals(cutoff, s.checkpoint().sendCutoff(), "a resumed pass keeps the window it began with");
                }
            } while (r.outcome() != SyncReport.Outcome.COMPLETED);
            assertTrue(invocations > 1, "the deadline cut at least one invocation short");
            Map<String, SandboxTruth.Sent> expected = truth.sentSince(cutoff);
            CampaignSyncScenariosTest.assertStoredExactly(expected, fx.store.all(SyncFixture.TENANT));
            CampaignSyncScenariosTest.assertPublishedOncePerSend(expected, fx.events.published());
            SyncState done = fx.states.read(SyncFixture.TENANT).orElseThrow();
            assertEquals(truth.sent.get(0).lastSentAt(), done.watermark());
            assertNull(done.checkpoint());
            System.out.println("deadline-cut first sync: " + invocations + " invocations, " + requests + " requests");
        }
    }

    @Test
    void aRunThatFailsHalfWayLeavesTheWatermarkWhereItWasAndTheNextRunLosesNothing() {
        FaultyCcTransport line = new FaultyCcTransport(UrlConnectionTransport.INSTANCE, 0, 1);
        try (SyncFixture fx = new SyncFixture(10_000, 5, line)) {
            assertEquals(SyncReport.Outcome.COMPLETED, fx.sync().outcome());
            Instant watermark = fx.states.read(SyncFixture.TENANT).orElseThrow().watermark();
            fx.cc.control().advanceClock(Duration.ofMinutes(10));
            List<String> sent = fx.sendNew(3, "Flash Sale");
            int eventsBefore = fx.events.published().size();
            line.outage(line.apiCalls() + 2, 6);   // the summaries page answers; the listing after it keeps failing

            CcApiException failure = assertThrows(CcApiException.class, fx::sync);
            assertTrue(failure.getMessage().matches("GET /v3/emails/\\S+ kept failing.*"), failure.getMessage());
            assertFalse(failure.getMessage().contains(fx.login.bearer()), "no token in the message");
            SyncState afterFailure = fx.states.read(SyncFixture.TENANT).orElseThrow();
            assertEquals(watermark, afterFailure.watermark(), "the watermark stays where it was");
            assertNotNull(afterFailure.checkpoint());
            assertTrue(afterFailure.checkpoint().reason().startsWith("failed"), afterFailure.checkpoint().reason());
            assertTrue(fx.states.lease(SyncFixture.TENANT).isEmpty(), "a failed run gives the lease back");
            assertEquals(eventsBefore, fx.events.published().size(), "nothing announced that was not stored");

            SyncReport again = fx.sync();
            assertEquals(SyncReport.Outcome.COMPLETED, again.outcome());
            SandboxTruth truth = fx.truth();
            Set<String> announced = fx.events.published().subList(eventsBefore, fx.events.published().size()).stream()
                    .map(s -> s.campaign().campaignId()).collect(Collectors.toSet());
            assertEquals(Set.copyOf(sent), announced);
            // stats of older campaigns are refreshed by the next sweep (45 minutes after the last), not by this run
            CampaignSyncScenariosTest.assertStoredExactly(truth.sentSince(fx.clock.instant().minus(LOOKBACK)),
                    fx.store.all(SyncFixture.TENANT), false);
            for (String id : sent) {
                CampaignSyncScenariosTest.assertMatches(truth.sent(id), fx.store.all(SyncFixture.TENANT).get(id).campaign());
            }
            assertEquals(truth.sent.get(0).lastSentAt(), fx.states.read(SyncFixture.TENANT).orElseThrow().watermark());
        }
    }

    @Test
    void theDailyBudgetStopsTheRunGracefullyAndTheRunContinuesTheNextDay() {
        try (SyncFixture fx = new SyncFixture(10_000, 9, null)) {
            DayBudget budget = new DayBudget(4);
            fx.budget = budget;
            SyncReport stopped = fx.sync();
            assertEquals(SyncReport.Outcome.BUDGET_EXHAUSTED, stopped.outcome());
            assertEquals(4, stopped.ccRequests(), "not one request beyond the budget");
            assertEquals(4, budget.used);
            assertTrue(stopped.detail().contains("continues after 2026-03-11T00:00:00Z"), stopped.detail());
            SyncState s = fx.states.read(SyncFixture.TENANT).orElseThrow();
            assertNull(s.watermark());
            assertNotNull(s.checkpoint(), "checkpointed for the next day");
            Instant cutoff = s.checkpoint().sendCutoff();

            fx.cc.control().advanceClock(Duration.ofHours(10));   // past midnight UTC: a new day's budget
            budget.newDay(10_000);
            SyncReport resumed = fx.sync();
            assertEquals(SyncReport.Outcome.COMPLETED, resumed.outcome());
            assertEquals(resumed.ccRequests(), budget.used, "every request was taken from the budget");
            assertEquals(0, budget.held(), "unused requests were given back");
            // the resumed pass finishes the window it began with; the fresh pass after it refreshed every stat
            CampaignSyncScenariosTest.assertStoredExactly(fx.truth().sentSince(cutoff), fx.store.all(SyncFixture.TENANT));
        }
    }

    @Test
    void aSecondSyncOfTheSameTenantWhileOneRunsDoesNothing() throws Exception {
        try (SyncFixture fx = new SyncFixture(2_000, 13, null)) {
            CountDownLatch publishing = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            CampaignEvents blocking = sends -> {
                publishing.countDown();
                try {
                    assertTrue(proceed.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fx.events.publish(sends);
            };
            CampaignSync first = new CampaignSync(fx.store, fx.states, blocking, fx.clock, fx.policy, "first",
                    new Log(l -> { }, fx.clock, "t"));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Instant deadline = fx.clock.instant().plus(Duration.ofMinutes(5));
                Future<SyncReport> running = pool.submit(() -> {
                    try (CcApiClient c = fx.client(deadline)) {
                        return first.run(SyncFixture.TENANT, new CcCampaigns(c), deadline);
                    }
                });
                assertTrue(publishing.await(30, TimeUnit.SECONDS), "the first sync is mid-run");
                int writes = fx.store.itemWrites();

                SyncReport second = fx.sync();

                assertEquals(SyncReport.Outcome.LEASE_HELD, second.outcome());
                assertEquals(0, second.ccRequests(), "not one request to CC");
                assertEquals(writes, fx.store.itemWrites(), "not one write");
                assertTrue(second.detail().contains("first"), second.detail());
                proceed.countDown();
                assertEquals(SyncReport.Outcome.COMPLETED, running.get(30, TimeUnit.SECONDS).outcome());
                assertTrue(fx.states.lease(SyncFixture.TENANT).isEmpty());
                assertEquals(SyncReport.Outcome.COMPLETED, fx.sync().outcome(), "free again afterwards");
            } finally {
                proceed.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aLeaseLeftByACrashedRunIsTakenOverOnceItsDeadlinePassed() {
        try (SyncFixture fx = new SyncFixture(500, 17, null)) {
            Instant now = fx.clock.instant();
            fx.states.tryAcquire(SyncFixture.TENANT, new SyncLease("crashed", "f1", now.plusSeconds(60)), now);
            assertEquals(SyncReport.Outcome.LEASE_HELD, fx.sync().outcome());
            fx.cc.control().advanceClock(Duration.ofSeconds(61));
            assertEquals(SyncReport.Outcome.COMPLETED, fx.sync().outcome());
        }
    }

    @Test
    void eventsTheBusRefusedArePublishedByTheNextRunWithoutReadingThoseCampaignsAgain() {
        try (SyncFixture fx = new SyncFixture(10_000, 19, null)) {
            Set<String> refusedIds = new HashSet<>();
            fx.events.refuse(s -> refusedIds.size() < 5 ? refusedIds.add(s.campaign().campaignId()) : refusedIds.contains(s.campaign().campaignId()));
            SyncReport first = fx.sync();
            assertEquals(5, first.eventsDeferred());
            for (String id : refusedIds) {
                assertTrue(fx.store.all(SyncFixture.TENANT).get(id).announcementPending(), "stored, still to announce");
            }
            SyncState s = fx.states.read(SyncFixture.TENANT).orElseThrow();
            assertNotNull(s.watermark());

            fx.events.refuse(x -> false);
            SyncReport second = fx.sync();

            assertEquals(5, second.newlySent());
            assertEquals(1, second.ccRequests(), "the stored campaigns are announced as stored: no reads");
            Map<String, SandboxTruth.Sent> expected = fx.truth().sentSince(fx.clock.instant().minus(LOOKBACK));
            CampaignSyncScenariosTest.assertPublishedOncePerSend(expected, fx.events.published());
            assertEquals(0, fx.sync().newlySent(), "and never again");
        }
    }

    @Test
    void aPublicationWithAnUnknownOutcomeIsNeverRepeated() {
        try (SyncFixture fx = new SyncFixture(300, 23, null)) {
            CampaignEvents lostAnswer = sends -> new CampaignEvents.Publication(0, List.of(), sends.size());
            CampaignSync sync = new CampaignSync(fx.store, fx.states, lostAnswer, fx.clock, fx.policy, "t",
                    new Log(l -> { }, fx.clock, "t"));
            Instant deadline = fx.clock.instant().plus(Duration.ofMinutes(5));
            SyncReport r;
            try (CcApiClient c = fx.client(deadline)) {
                r = sync.run(SyncFixture.TENANT, new CcCampaigns(c), deadline);
            }
            assertTrue(r.eventsUncertain() > 0);
            assertTrue(fx.store.all(SyncFixture.TENANT).values().stream().noneMatch(StoredCampaign::announcementPending),
                    "uncertain counts as announced");
            assertEquals(0, fx.sync().newlySent(), "at most once: not published again");
            assertTrue(fx.events.published().isEmpty());
        }
    }

    /** A budget of {@code limit} requests for one day; {@link #newDay} starts the next. */
    static final class DayBudget implements RequestBudget {
        int limit;
        int used;
        int taken;

        DayBudget(int limit) {
            this.limit = limit;
        }

        void newDay(int newLimit) {
            limit = newLimit;
            used = 0;
            taken = 0;
        }

        int held() {
            return taken - used;
        }

        @Override
        public synchronized int take(int wanted, Instant now) {
            int granted = Math.max(0, Math.min(wanted, limit - taken));
            taken += granted;
            used += granted;   // counted as used until given back
            return granted;
        }

        @Override
        public synchronized void giveBack(int unused, Instant takenAt) {
            taken -= unused;
            used -= unused;
            assertEquals(LocalDate.ofInstant(takenAt, ZoneOffset.UTC), LocalDate.ofInstant(takenAt, ZoneOffset.UTC));
        }
    }
}
