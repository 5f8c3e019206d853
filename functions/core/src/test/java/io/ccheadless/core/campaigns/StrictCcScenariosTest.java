package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import io.ccheadless.sandbox.ApiStrictness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ccheadless.core.campaigns.CampaignSyncScenariosTest.assertMatches;
import static io.ccheadless.core.campaigns.CampaignSyncScenariosTest.assertPublishedOncePerSend;
import static io.ccheadless.core.campaigns.CampaignSyncScenariosTest.assertStoredExactly;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The sync against a sandbox as strict as real CC may be (ApiStrictness.REAL_CC: lists left out when empty, offset
 * cursors that shift, summaries to the minute while run dates keep their seconds, re-sends as resend activities):
 * the everyday situations, a re-send, and rows deleted under a resumed run. Exact stored items and events.
 */
class StrictCcScenariosTest {
    static final int PAGE = 500;

    @Test
    void firstSyncNoChangeNewSendsAndGrownStatsOnAStrictCc() {
        try (SyncFixture fx = SyncFixture.strict(10_000, 7, ApiStrictness.REAL_CC)) {
            Instant cutoff = fx.clock.instant().minus(fx.policy.lookback());
            SandboxTruth truth = fx.truth();
            Map<String, SandboxTruth.Sent> expected = truth.sentSince(cutoff);
            assertTrue(expected.values().stream().allMatch(s -> s.lastSentAt().equals(s.lastSentAt().truncatedTo(
                    ChronoUnit.MINUTES))), "the strict summaries date to the minute");

            SyncReport first = fx.sync();
            assertEquals(SyncReport.Outcome.COMPLETED, first.outcome());
            assertStoredExactly(expected, fx.store.all(SyncFixture.TENANT));
            assertPublishedOncePerSend(expected, fx.events.published());
            assertEquals(truth.summaryPagesDownTo(cutoff, PAGE) + SandboxTruth.newCampaignRequests(expected.keySet(), true)
                    + SandboxTruth.reportRequests(expected.size()), first.ccRequests(), "the fewest requests, as on the lenient sandbox");

            SyncReport none = fx.sync();
            assertEquals(1, none.ccRequests(), "no change: one request");
            assertEquals(0, none.campaignsWritten());

            int events = fx.events.published().size();
            fx.cc.control().advanceClock(Duration.ofMinutes(10).plusSeconds(17).plusMillis(250));
            List<String> sent = fx.sendNew(2, "Strict Launch");
            SyncReport news = fx.sync();
            SandboxTruth now = fx.truth();
            assertEquals(2, fx.events.published().size() - events, "one event per new send");
            for (String id : sent) {
                assertMatches(now.sent(id), fx.store.all(SyncFixture.TENANT).get(id).campaign());
            }
            assertEquals(1 + SandboxTruth.newCampaignRequests(sent, true), news.ccRequests());

            fx.cc.control().advanceClock(Duration.ofMinutes(50));
            SyncReport grown = fx.sync();
            SandboxTruth later = fx.truth();
            assertEquals(2 + expected.size(), fx.events.published().size(), "stats alone announce nothing");
            for (StoredCampaign s : fx.store.all(SyncFixture.TENANT).values()) {
                assertMatches(later.sent(s.campaignId()), s.campaign());
            }
            assertTrue(grown.campaignsWritten() > 100, grown.campaignsWritten() + " written");
        }
    }

    @Test
    void aPrimaryActivityCcAnswers404ForIsAskedForOnceUntilTheCampaignIsSentAgain() {
        try (SyncFixture fx = SyncFixture.strict(200, 5, ApiStrictness.REAL_CC)) {
            fx.sync();
            fx.cc.control().advanceClock(Duration.ofSeconds(90));
            String id = fx.sendNew(1, "Withdrawn Blend").getFirst();
            fx.cc.control().withdrawPrimaryActivity(id);
            int events = fx.events.published().size();

            SyncReport first = fx.sync();
            StoredCampaign stored = fx.store.all(SyncFixture.TENANT).get(id);
            assertNull(stored.campaign().content(), "CC could not give it");
            assertEquals(stored.lastSentAt(), stored.contentUnavailableFor(), "remembered on the item");
            assertEquals(1, fx.events.published().size() - events, "announced, without its subject");
            assertEquals(3, first.ccRequests(), "summaries, the campaign, its activity (404); no link report");

            SyncReport again = fx.sync();
            assertEquals(1, again.ccRequests(), "not asked again: one request, as any run with nothing new");
            assertEquals(0, again.campaignsWritten());

            fx.cc.control().advanceClock(Duration.ofMinutes(5));
            fx.cc.control().resendCampaign(id);
            fx.sync();
            StoredCampaign resent = fx.store.all(SyncFixture.TENANT).get(id);
            assertTrue(resent.lastSentAt().isAfter(stored.lastSentAt()));
            assertEquals(resent.lastSentAt(), resent.contentUnavailableFor(), "sent again: asked again, and refused again");
            assertEquals(1, fx.sync().ccRequests(), "then not again");
        }
    }

    @Test
    void aReSendIsAnnouncedOnceWithItsExactRunDateAndTheOriginalNeverAgain() {
        try (SyncFixture fx = SyncFixture.strict(200, 5, ApiStrictness.REAL_CC)) {
            fx.cc.control().advanceClock(Duration.ofSeconds(23).plusMillis(456));
            String id = fx.sendNew(1, "Spring Blend").getFirst();
            fx.sync();
            Instant original = fx.store.all(SyncFixture.TENANT).get(id).lastSentAt();
            assertEquals(original.truncatedTo(ChronoUnit.MINUTES), original, "stored as the summaries date it");
            int events = fx.events.published().size();

            fx.cc.control().advanceClock(Duration.ofMinutes(30).plusSeconds(41).plusMillis(7));   // before a stats sweep
            Instant resentAt = fx.cc.clock().now().truncatedTo(ChronoUnit.MILLIS);
            String activity = fx.cc.control().resendCampaign(id);
            SyncReport r = fx.sync();

            List<CampaignSend> resends = fx.events.published().subList(events, fx.events.published().size());
            assertEquals(1, resends.size(), "the re-send once, the original (run date with seconds) not again");
            assertEquals(resentAt, resends.getFirst().sentAt(), "dated exactly by its send history");
            assertEquals(activity + "/1", resends.getFirst().sendKey());
            assertEquals(3, r.ccRequests(), "summaries, the campaign, its resend activity's history");
            StoredCampaign stored = fx.store.all(SyncFixture.TENANT).get(id);
            assertEquals(List.of(activity + "/1"), stored.announcedSends());
            assertEquals(resentAt.truncatedTo(ChronoUnit.MINUTES), stored.lastSentAt());
            assertMatches(fx.truth().sent(id), stored.campaign());

            fx.cc.control().advanceClock(Duration.ofHours(1).plusSeconds(5));
            fx.cc.control().resendCampaign(id);
            fx.sync();
            fx.sync();
            List<CampaignSend> all = fx.events.published().stream().filter(e -> e.campaign().campaignId().equals(id)).toList();
            assertEquals(3, all.size(), "original, first and second re-send: each once");
            assertEquals(Set.of(activity + "/1", activity + "/2"), Set.copyOf(fx.store.all(SyncFixture.TENANT).get(id)
                    .announcedSends()));
        }
    }

    @Test
    void rowsDeletedAndSentBetweenTwoPagesOfAResumedRunAreNeitherMissedNorAnnouncedTwice() {
        try (SyncFixture fx = SyncFixture.strict(10_000, 11, ApiStrictness.REAL_CC)) {
            CampaignSyncRecoveryTest.DayBudget budget = new CampaignSyncRecoveryTest.DayBudget(3_002);   // two pages of 500 new campaigns, 3 reads each
            fx.budget = budget;
            SyncReport stopped = fx.sync();
            assertEquals(SyncReport.Outcome.BUDGET_EXHAUSTED, stopped.outcome());
            SyncState s = fx.states.read(SyncFixture.TENANT).orElseThrow();
            assertNotNull(s.checkpoint());
            int kept = fx.store.all(SyncFixture.TENANT).size();
            assertTrue(kept > 500 && kept <= 1_000, "stopped within the second summaries page, what it read kept: " + kept);
            Instant cutoff = s.checkpoint().sendCutoff();

            // two stored campaigns deleted, one new send: the saved offset cursor now skips a row, below what the
            // next pass's first page shows
            List<String> firstPage = fx.store.all(SyncFixture.TENANT).values().stream()
                    .sorted((a, b) -> b.lastSentAt().compareTo(a.lastSentAt())).map(StoredCampaign::campaignId)
                    .limit(2).toList();
            // (within the stats refresh, so no sweep of the whole window after the resumed pass would find a miss)
            fx.cc.control().advanceClock(Duration.ofMinutes(10));
            firstPage.forEach(fx.cc.control()::removeCampaign);
            List<String> sent = fx.sendNew(1, "Between Pages");
            budget.newDay(10_000);

            SyncReport resumed = fx.sync();

            assertEquals(SyncReport.Outcome.COMPLETED, resumed.outcome());
            Map<String, SandboxTruth.Sent> expected = fx.truth().sentSince(cutoff);
            Map<String, StoredCampaign> stored = new HashMap<>(fx.store.all(SyncFixture.TENANT));
            for (String gone : firstPage) {
                assertEquals("Removed", stored.remove(gone).campaign().status(), "the deleted campaign is marked Removed");
            }
            assertStoredExactly(expected, stored);
            Map<String, SandboxTruth.Sent> announced = new HashMap<>(expected);
            List<CampaignSend> published = fx.events.published().stream()
                    .filter(e -> !firstPage.contains(e.campaign().campaignId())).toList();
            assertEquals(published.size(), published.stream().map(CampaignSend::eventId).distinct().count(),
                    "no send announced twice");
            assertEquals(announced.keySet(), Set.copyOf(published.stream().map(e -> e.campaign().campaignId()).toList()),
                    "every send announced, the one sent between the pages too");
            assertTrue(published.stream().anyMatch(e -> e.campaign().campaignId().equals(sent.getFirst())));
        }
    }

    @Test
    void anEmptyAccountWhoseListsAreLeftOutSyncsToNothingInOneRequest() {
        try (SyncFixture fx = SyncFixture.strict(0, 1, ApiStrictness.REAL_CC)) {
            SyncReport r = fx.sync();
            assertEquals(SyncReport.Outcome.COMPLETED, r.outcome(), "a page without its list is an empty page");
            assertEquals(1, r.ccRequests(), "not retried as an unusable answer");
            assertTrue(fx.store.all(SyncFixture.TENANT).isEmpty());
        }
    }

    @Test
    void aMissingPrivilegeIsNamedAndNotRetried() {
        try (SyncFixture fx = SyncFixture.strict(50, 1,
                ApiStrictness.REAL_CC.withMissingPrivileges(Set.of("ui:campaign:metrics")))) {
            CcApiException e = assertThrows(CcApiException.class, fx::sync);
            assertTrue(e.forbidden());
            assertEquals("ui:campaign:metrics", e.privilege());
            assertTrue(e.getMessage().contains("'ui:campaign:metrics' privilege"), e.getMessage());
            assertEquals(0, fx.sleeps.size(), "no backoff: a 403 is not retried");
            assertTrue(fx.store.all(SyncFixture.TENANT).isEmpty());
            assertNull(fx.states.read(SyncFixture.TENANT).orElseThrow().watermark());
        }
    }

    @Test
    void whenSendsDoNotMoveUpdatedAtTheSyncStaysExactAndPaysInPerCampaignReads() {
        int[] requests = new int[2];
        for (boolean moves : new boolean[] {true, false}) {
            try (SyncFixture fx = SyncFixture.strict(10_000, 7, ApiStrictness.REAL_CC.withSendsMoveUpdatedAt(moves))) {
                Instant cutoff = fx.clock.instant().minus(fx.policy.lookback());
                Map<String, SandboxTruth.Sent> expected = fx.truth().sentSince(cutoff);
                SyncReport r = fx.sync();
                assertStoredExactly(expected, fx.store.all(SyncFixture.TENANT));
                assertPublishedOncePerSend(expected, fx.events.published());
                requests[moves ? 0 : 1] = r.ccRequests();
            }
        }
        System.out.println("first sync, 10,000 campaigns: " + requests[0] + " requests when a send moves updated_at, "
                + requests[1] + " when it does not");
        // each new campaign is read on its own for its primary activity (its content is read once), so whether the
        // listing finds it no longer matters
        assertEquals(requests[0], requests[1], "a send that does not move updated_at costs nothing extra");
    }
}
