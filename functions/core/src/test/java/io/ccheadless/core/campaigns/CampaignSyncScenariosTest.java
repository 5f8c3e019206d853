package io.ccheadless.core.campaigns;

import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sync against a sandbox account of 10,000 generated campaigns (90 days of them; about 1,150 sent in the
 * 14-day look-back window), in the four situations it meets every day. Each asserts exactly what was stored,
 * what was published and how many requests CC saw, against the sandbox's own account of the truth.
 */
class CampaignSyncScenariosTest {
    static final int PAGE = 500;
    SyncFixture fx;

    @BeforeEach
    void account() {
        fx = new SyncFixture(10_000, 7, null);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void firstSyncStoresEveryRecentSendWithItsStatsAndAnnouncesEachOnceAtTheFewestRequests() {
        Instant now = fx.clock.instant();
        Instant cutoff = now.minus(fx.policy.lookback());
        SandboxTruth truth = fx.truth();
        Map<String, SandboxTruth.Sent> expected = truth.sentSince(cutoff);
        assertTrue(expected.size() > 1_000, "the account has " + expected.size() + " recent sends");

        SyncReport r = fx.sync();

        assertEquals(SyncReport.Outcome.COMPLETED, r.outcome());
        assertStoredExactly(expected, fx.store.all(SyncFixture.TENANT));
        assertPublishedOncePerSend(expected, fx.events.published());
        int fewest = truth.summaryPagesDownTo(cutoff, PAGE) + SandboxTruth.newCampaignRequests(expected.keySet(), true)
                + SandboxTruth.reportRequests(expected.size());
        assertEquals(fewest, r.ccRequests(), "summaries pages to the window's end, listing pages to the oldest new campaign"
                + " and the stats report of every stored campaign, 150 a request");
        assertReportsMatchCc(fx, expected.keySet());
        assertEquals(2L * expected.size(), r.campaignsWritten(),
                "per campaign one write storing it marked announced, one adding CC's stats report");
        SyncState state = fx.states.read(SyncFixture.TENANT).orElseThrow();
        assertEquals(truth.sent.get(0).lastSentAt(), state.watermark(), "watermark = newest stored send");
        assertNull(state.checkpoint());
        assertTrue(fx.states.lease(SyncFixture.TENANT).isEmpty(), "lease released");
        assertEquals(expected.size(), r.campaigns().size());
    }

    @Test
    void noChangeSyncCostsOneRequestAndWritesNothing() {
        fx.sync();
        Map<String, StoredCampaign> before = fx.store.all(SyncFixture.TENANT);
        int writes = fx.store.itemWrites();
        int events = fx.events.published().size();

        SyncReport r = fx.sync();

        assertEquals(SyncReport.Outcome.COMPLETED, r.outcome());
        assertEquals(1, r.ccRequests(), "the newest summaries page shows nothing new");
        assertEquals(0, r.campaignsWritten());
        assertEquals(writes, fx.store.itemWrites());
        assertEquals(events, fx.events.published().size(), "nothing announced again");
        assertEquals(before, fx.store.all(SyncFixture.TENANT));
    }

    @Test
    void threeNewSendsAreStoredAndAnnouncedAtTheFewestRequests() {
        fx.sync();
        Map<String, StoredCampaign> before = fx.store.all(SyncFixture.TENANT);
        int events = fx.events.published().size();
        fx.cc.control().advanceClock(Duration.ofMinutes(10));
        List<String> sent = fx.sendNew(3, "Spring Launch");
        SandboxTruth truth = fx.truth();

        SyncReport r = fx.sync();

        assertEquals(SyncReport.Outcome.COMPLETED, r.outcome());
        List<CampaignSend> published = fx.events.published().subList(events, fx.events.published().size());
        assertEquals(Set.copyOf(sent), published.stream().map(s -> s.campaign().campaignId()).collect(Collectors.toSet()));
        assertEquals(3, published.size(), "one event per new send, none for the others");
        for (CampaignSend s : published) {
            SandboxTruth.Sent t = truth.sent(s.campaign().campaignId());
            assertEquals(t.lastSentAt(), s.sentAt());
            assertEquals(t.name(), s.campaign().name());
            assertEquals(t.stats(), s.campaign().stats(), "first stats");
        }
        Map<String, StoredCampaign> after = fx.store.all(SyncFixture.TENANT);
        assertEquals(before.size() + 3, after.size());
        for (String id : sent) {
            assertMatches(truth.sent(id), after.get(id).campaign());
            assertFalse(after.get(id).announcementPending());
        }
        int fewest = 1 + SandboxTruth.newCampaignRequests(sent, true);
        assertEquals(fewest, r.ccRequests(), "one summaries page; each new campaign, its activity and its links");
        assertEquals(10, r.ccRequests());
        for (String id : sent) {
            CampaignContent content = after.get(id).campaign().content();
            assertNotNull(content, "content read with the new send");
            assertFalse(content.subject().isBlank());
            assertEquals(truth.sent(id).stats().clicks(), content.links().isEmpty() ? 0
                    : content.links().getFirst().uniqueClicks(), "the most clicked link has every unique clicker");
        }
        for (CampaignSend e : fx.events.published().stream().filter(e -> sent.contains(e.campaign().campaignId())).toList()) {
            assertEquals(after.get(e.campaign().campaignId()).campaign().content(), e.campaign().content(),
                    "announced with the content it is stored with");
        }
        SyncReport again = fx.sync();
        assertEquals(1, again.ccRequests(), "content is read once: a run with nothing new costs one request");
    }

    @Test
    void grownStatsAreRefreshedForEveryCampaignWhoseCountsMovedWithoutEvents() {
        fx.sync();
        int events = fx.events.published().size();
        fx.cc.control().advanceClock(Duration.ofMinutes(50));   // past the 45-minute stats refresh, before any scheduled send
        Instant now = fx.clock.instant();
        SandboxTruth truth = fx.truth();
        Map<String, StoredCampaign> before = fx.store.all(SyncFixture.TENANT);
        long grown = before.values().stream().filter(s -> !truth.sent(s.campaignId()).stats().equals(s.campaign().stats())).count();
        assertTrue(grown > 100, grown + " campaigns' stats grew");

        SyncReport r = fx.sync();

        assertEquals(SyncReport.Outcome.COMPLETED, r.outcome());
        assertEquals(events, fx.events.published().size(), "stats alone announce nothing");
        Map<String, StoredCampaign> after = fx.store.all(SyncFixture.TENANT);
        assertEquals(before.keySet(), after.keySet());
        for (StoredCampaign s : after.values()) {
            assertMatches(truth.sent(s.campaignId()), s.campaign());
        }
        assertTrue(r.campaignsWritten() >= grown && r.campaignsWritten() <= 2 * grown,
                "the campaigns whose stats changed, once for the counts and once for the report: " + r.campaignsWritten());
        Instant oldestStored = before.values().stream().map(StoredCampaign::lastSentAt).min(Instant::compareTo).orElseThrow();
        assertTrue(grown < before.size(), "some campaigns' counts did not move: their reports are not due");
        assertEquals(truth.summaryPagesDownTo(oldestStored, PAGE) + SandboxTruth.reportRequests(grown), r.ccRequests(),
                "summaries pages down to the oldest stored campaign and the stats reports of the campaigns whose counts"
                        + " moved, 150 a request; no other reads");
        assertReportsMatchCc(fx, after.keySet());
        assertEquals(now, fx.states.read(SyncFixture.TENANT).orElseThrow().statsSweptAt());
    }

    /** Each campaign's stored report is what the sandbox's stats report says for it now (counts, not refresh time). */
    static void assertReportsMatchCc(SyncFixture fx, Set<String> ids) {
        Map<String, StoredCampaign> stored = fx.store.all(SyncFixture.TENANT);
        Map<String, CampaignReport> cc = SandboxTruth.reports(fx.cc, fx.login.bearer(), List.copyOf(ids));
        for (String id : ids) {
            CampaignReport r = stored.get(id).campaign().report();
            assertNotNull(r, "report of " + id);
            assertTrue(r.sameCounts(cc.get(id)), id + ": stored " + r + ", CC " + cc.get(id));
        }
    }

    static void assertStoredExactly(Map<String, SandboxTruth.Sent> expected, Map<String, StoredCampaign> stored) {
        assertStoredExactly(expected, stored, true);
    }

    /** @param stats whether stats must be current too (after a pass that refreshed the whole stats window) */
    static void assertStoredExactly(Map<String, SandboxTruth.Sent> expected, Map<String, StoredCampaign> stored,
                                    boolean stats) {
        Set<String> missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(stored.keySet());
        Set<String> extra = new java.util.TreeSet<>(stored.keySet());
        extra.removeAll(expected.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), "stored " + stored.size() + ", expected " + expected.size()
                + "; missing " + missing.size() + " e.g. " + missing.stream().limit(3).toList() + ", extra " + extra.size()
                + " e.g. " + extra.stream().limit(3).toList());
        for (SandboxTruth.Sent t : expected.values()) {
            SentCampaign c = stored.get(t.campaignId()).campaign();
            assertMatches(t, stats ? c : new SentCampaign(c.tenant(), c.campaignId(), c.name(), c.status(), c.campaignType(),
                    c.lastSentAt(), t.stats(), c.syncedAt()));
            assertFalse(stored.get(t.campaignId()).announcementPending());
        }
    }

    static void assertMatches(SandboxTruth.Sent t, SentCampaign c) {
        assertEquals(SyncFixture.TENANT, c.tenant());
        assertEquals(t.campaignId(), c.campaignId());
        assertEquals(t.name(), c.name(), "name of " + t.campaignId());
        assertEquals(t.status(), c.status());
        assertEquals(t.type(), c.campaignType());
        assertEquals(t.lastSentAt(), c.lastSentAt());
        assertEquals(t.stats(), c.stats(), "stats of " + t.campaignId());
    }

    static void assertPublishedOncePerSend(Map<String, SandboxTruth.Sent> expected, List<CampaignSend> published) {
        Set<String> ids = new HashSet<>();
        for (CampaignSend s : published) {
            assertTrue(ids.add(s.eventId()), "published twice: " + s.eventId());
            SandboxTruth.Sent t = expected.get(s.campaign().campaignId());
            assertNotNull(t, "announced a campaign that is not a recent send: " + s.campaign().campaignId());
            assertEquals(t.lastSentAt(), s.sentAt());
            assertMatches(t, s.campaign());
        }
        assertEquals(expected.size(), published.size());
    }
}
