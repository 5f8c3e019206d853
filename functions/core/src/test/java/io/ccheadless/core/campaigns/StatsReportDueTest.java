package io.ccheadless.core.campaigns;

import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sweep asks CC for the stats report only when some window campaign's report is due (README, "State, lease,
 * limits, deadline"): a quiet tenant with recent sends costs the summaries page alone each hour. Against a sandbox
 * account of three campaigns sent twelve days before (their counts have settled) and, where a test needs counts
 * that move, one sent an hour before the first sync.
 */
class StatsReportDueTest {
    static final Duration MAX_AGE = Duration.ofHours(3);
    SyncFixture fx;
    List<String> settled;

    @BeforeEach
    void account() {
        fx = new SyncFixture(0, 7, null, SyncPolicy.defaults(Duration.ofDays(14)).withReportMaxAge(MAX_AGE));
        settled = fx.sendNew(3, "Autumn Letter");
        fx.cc.control().advanceClock(Duration.ofDays(12));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** One hour on, as the schedule runs: a sweep, since STATS_REFRESH_MINUTES (45) passed. */
    SyncReport nextHour() {
        fx.cc.control().advanceClock(Duration.ofHours(1));
        SyncReport r = fx.sync();
        assertEquals(SyncReport.Outcome.COMPLETED, r.outcome());
        assertEquals(fx.clock.instant(), fx.states.read(SyncFixture.TENANT).orElseThrow().statsSweptAt(),
                "the run swept the stats window");
        return r;
    }

    void assertCountsSettled(SandboxTruth before, SandboxTruth after, List<String> ids) {
        for (String id : ids) {
            assertEquals(before.sent(id).stats(), after.sent(id).stats(), id + "'s counts did not move in the hour");
        }
    }

    @Test
    void aQuietHourWithRecentSendsCostsTheSummariesPageAlone() {
        SyncReport first = fx.sync();
        assertEquals(1 + SandboxTruth.newCampaignRequests(settled, true) + 1, first.ccRequests(),
                "the summaries page, each new campaign's reads, one stats report for the three");
        Map<String, StoredCampaign> stored = fx.store.all(SyncFixture.TENANT);
        for (String id : settled) {
            CampaignReport r = stored.get(id).campaign().report();
            assertNotNull(r, "report of " + id);
            assertEquals(fx.clock.instant(), r.readAt());
            assertEquals(stored.get(id).campaign().stats(), r.statsAtRead());
        }
        SandboxTruth before = fx.truth();
        int writes = fx.store.itemWrites();

        SyncReport quiet = nextHour();

        assertCountsSettled(before, fx.truth(), settled);
        assertEquals(1, quiet.ccRequests(), "no report is due: the counts did not move and the reports are an hour old");
        assertEquals(0, quiet.campaignsWritten());
        assertEquals(writes, fx.store.itemWrites());
        assertEquals(stored, fx.store.all(SyncFixture.TENANT));
    }

    @Test
    void countsThatMovedBringTheReportInOneRequestForTheWholeWindow() {
        String fresh = fx.sendNew(1, "Flash Sale").getFirst();
        fx.cc.control().advanceClock(Duration.ofHours(1));
        fx.sync();
        StoredCampaign freshBefore = fx.store.all(SyncFixture.TENANT).get(fresh);
        SandboxTruth before = fx.truth();

        SyncReport r = nextHour();

        SandboxTruth now = fx.truth();
        assertCountsSettled(before, now, settled);
        assertNotEquals(freshBefore.campaign().stats(), now.sent(fresh).stats(), "the new send's counts grew");
        assertEquals(2, r.ccRequests(), "the summaries page and one stats report");
        assertEquals(2, r.campaignsWritten(), "the grown campaign: its counts, then its report; the settled three"
                + " were read alongside and, unchanged, not written");
        StoredCampaign after = fx.store.all(SyncFixture.TENANT).get(fresh);
        assertEquals(fx.clock.instant(), after.campaign().report().readAt());
        assertEquals(now.sent(fresh).stats(), after.campaign().report().statsAtRead());
        assertFalse(after.campaign().report().sameCounts(freshBefore.campaign().report()), "the report moved with the counts");
        CampaignSyncScenariosTest.assertReportsMatchCc(fx, fx.store.all(SyncFixture.TENANT).keySet());
    }

    @Test
    void aReportOlderThanTheMaximumAgeIsReadAgainThoughNoCountMoved() {
        fx.sync();
        Instant read = fx.clock.instant();
        SandboxTruth before = fx.truth();
        assertEquals(1, nextHour().ccRequests());
        assertEquals(1, nextHour().ccRequests());

        SyncReport r = nextHour();   // three hours after the reports were read: MAX_AGE

        assertCountsSettled(before, fx.truth(), settled);
        assertEquals(2, r.ccRequests(), "the summaries page and the stats report, due by age");
        assertEquals(settled.size(), r.campaignsWritten(), "each report's new read time is recorded");
        for (String id : settled) {
            CampaignReport rep = fx.store.all(SyncFixture.TENANT).get(id).campaign().report();
            assertEquals(read.plus(MAX_AGE), rep.readAt());
        }
        assertEquals(1, nextHour().ccRequests(), "read again, the reports are current for another MAX_AGE");
    }

    @Test
    void aReportReadBeforeTheCountsLastMovedIsDueEvenWhenTheStoredCountsAreCurrent() {
        // What a sweep leaves when it wrote the summaries' counts and did not get the report (a 404 for the request,
        // the deadline): stored counts equal to CC's, the report read at other counts. And a report stored before
        // read times were recorded.
        fx.sync();
        Map<String, StoredCampaign> stored = fx.store.all(SyncFixture.TENANT);
        StoredCampaign lagging = stored.get(settled.get(0));
        StoredCampaign legacy = stored.get(settled.get(1));
        CampaignReport lr = lagging.campaign().report();
        CampaignStats s = lagging.campaign().stats();
        CampaignStats earlier = new CampaignStats(s.sends(), s.opens() - 1, s.clicks(), s.forwards(), s.optouts(),
                s.abuse(), s.bounces(), s.notOpened() + 1);
        CampaignReport gr = legacy.campaign().report();
        fx.store.upsert(List.of(
                lagging.with(lagging.campaign().withReport(lr.readAt(lr.readAt(), earlier), lr.readAt())),
                legacy.with(legacy.campaign().withReport(new CampaignReport(gr.opensAll(), gr.clicksAll(), gr.opens(),
                        gr.clicks(), gr.lastRefreshTime(), gr.percents()), gr.readAt()))));

        SyncReport r = nextHour();

        assertEquals(2, r.ccRequests(), "the summaries page and the report the two were due");
        assertEquals(2, r.campaignsWritten(), "both reports recorded as read at the current counts");
        Map<String, StoredCampaign> after = fx.store.all(SyncFixture.TENANT);
        for (StoredCampaign sc : List.of(after.get(lagging.campaignId()), after.get(legacy.campaignId()))) {
            assertEquals(fx.clock.instant(), sc.campaign().report().readAt());
            assertEquals(sc.campaign().stats(), sc.campaign().report().statsAtRead());
        }
        assertEquals(1, nextHour().ccRequests(), "and then no longer due");
    }
}
