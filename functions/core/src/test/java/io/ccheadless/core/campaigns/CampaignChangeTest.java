package io.ccheadless.core.campaigns;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The pure half of a sync page: what a summaries row means for a stored campaign, and what is then written. */
class CampaignChangeTest {
    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final Instant CUTOFF = NOW.minusSeconds(14 * 86_400);
    static final Instant SENT = Instant.parse("2026-03-08T09:00:00Z");
    static final CampaignStats STATS = new CampaignStats(1000, 400, 50, 2, 1, 0, 10, 590);
    static final CampaignStats MORE = new CampaignStats(1000, 450, 60, 2, 1, 0, 10, 540);
    static final SentCampaign STORED = new SentCampaign("acme", "c1", "Spring Blend", "Done", "NEWSLETTER", SENT, STATS,
            NOW.minusSeconds(3600));
    static final StoredCampaign ANNOUNCED = new StoredCampaign(STORED, SENT);
    static final CampaignDetails.Info INFO = new CampaignDetails.Info("Spring Blend (resent)", "Done", "NEWSLETTER", List.of());

    static CcCampaigns.Summary row(Instant sent, CampaignStats stats) {
        return new CcCampaigns.Summary("c1", sent, stats);
    }

    static CampaignChange classify(CcCampaigns.Summary s, StoredCampaign before, CcCampaigns.Listed listed) {
        return CampaignChange.classify(s, before, listed, CUTOFF, "acme", NOW);
    }

    @Test
    void aRecentSendNotStoredIsNewAndIsStoredPendingWithOneEvent() {
        CampaignChange c = classify(row(SENT, STATS), null, null);
        assertInstanceOf(CampaignChange.New.class, c);
        assertTrue(c.needsDetails());
        assertFalse(c.needsHistory());
        CampaignWriter.Change w = CampaignChange.resolve(c, INFO, "acme", NOW);
        assertEquals(new SentCampaign("acme", "c1", "Spring Blend (resent)", "Done", "NEWSLETTER", SENT, STATS, NOW),
                w.after().campaign());
        assertNull(w.after().announcedSentAt());
        assertEquals(List.of(new CampaignSend(w.after().campaign(), SENT)), w.sends());
    }

    @Test
    void aNewSendCcDoesNotKnowWritesNothing() {
        assertNull(CampaignChange.resolve(classify(row(SENT, STATS), null, null), null, "acme", NOW));
    }

    @Test
    void aSendOlderThanTheLookBackThatWasNeverStoredIsUnchanged() {
        CampaignChange c = classify(row(CUTOFF.minusSeconds(1), STATS), null, null);
        assertEquals(new CampaignChange.Unchanged("c1"), c);
        assertFalse(c.needsDetails());
        assertNull(CampaignChange.resolve(c, null, "acme", NOW));
    }

    @Test
    void theSameSendWithTheSameStatsIsUnchangedWhateverTheSyncTime() {
        assertEquals(new CampaignChange.Unchanged("c1"), classify(row(SENT, STATS), ANNOUNCED, null));
    }

    @Test
    void theSameSendWithGrownStatsIsWrittenWithoutARequestAndAnnouncesNothing() {
        CampaignChange c = classify(row(SENT, MORE), ANNOUNCED, null);
        CampaignChange.StatsGrew g = assertInstanceOf(CampaignChange.StatsGrew.class, c);
        assertFalse(c.needsDetails());
        assertEquals(STORED.withStats(MORE, NOW), g.after().campaign());
        assertEquals(SENT, g.after().announcedSentAt(), "the announcement mark is kept");
        assertEquals(List.of(), CampaignChange.resolve(c, null, "acme", NOW).sends());
    }

    @Test
    void aRenameSeenInTheListingIsTakenWithoutARequest() {
        CcCampaigns.Listed listed = new CcCampaigns.Listed("c1", "Spring Blend II", "Done", "NEWSLETTER", SENT);
        CampaignChange.StatsGrew g = assertInstanceOf(CampaignChange.StatsGrew.class,
                classify(row(SENT, STATS), ANNOUNCED, listed));
        assertEquals("Spring Blend II", g.after().campaign().name());
    }

    @Test
    void aLaterSendOfAnAnnouncedCampaignIsAReSendThatNeedsItsHistory() {
        Instant again = Instant.parse("2026-03-10T14:50:00Z");
        CampaignChange c = classify(row(again, MORE), ANNOUNCED, null);
        assertInstanceOf(CampaignChange.Resent.class, c);
        assertTrue(c.needsHistory());
        CampaignDetails.Info withRuns = new CampaignDetails.Info("Spring Blend", "Done", "NEWSLETTER",
                List.of(new CampaignDetails.Run("a2", 1, Instant.parse("2026-03-10T14:50:37.120Z"))));
        CampaignWriter.Change w = CampaignChange.resolve(c, withRuns, "acme", NOW);
        assertEquals(again, w.after().lastSentAt());
        assertEquals(List.of(new CampaignSend(w.after().campaign(), Instant.parse("2026-03-10T14:50:37.120Z"), "a2/1")),
                w.sends());
    }

    @Test
    void aLaterSendOfACampaignNeverAnnouncedNeedsNoHistory() {
        CampaignChange c = classify(row(SENT.plusSeconds(60), STATS), new StoredCampaign(STORED, null), null);
        assertInstanceOf(CampaignChange.Resent.class, c);
        assertFalse(c.needsHistory());
    }

    @Test
    void anEarlierSendDateIsAMoveThatAnnouncesNothing() {
        CampaignChange c = classify(row(SENT.minusSeconds(60), STATS), ANNOUNCED, null);
        assertInstanceOf(CampaignChange.Moved.class, c);
        CampaignWriter.Change w = CampaignChange.resolve(c, null, "acme", NOW);
        assertEquals(SENT.minusSeconds(60), w.after().lastSentAt());
        assertEquals(List.of(), w.sends());
    }

    @Test
    void aVanishedCampaignCcNoLongerKnowsIsMarkedRemovedAndOtherwiseTakesCcsStatus() {
        CampaignWriter.Change gone = CampaignChange.resolve(CampaignChange.vanished(ANNOUNCED), null, "acme", NOW);
        assertEquals("Removed", gone.after().campaign().status());
        assertEquals(STATS, gone.after().campaign().stats(), "the last stats are kept");
        CampaignWriter.Change draft = CampaignChange.resolve(CampaignChange.vanished(ANNOUNCED),
                new CampaignDetails.Info("Spring Blend", "Draft", "NEWSLETTER", List.of()), "acme", NOW);
        assertEquals("Draft", draft.after().campaign().status());
        assertEquals(List.of(), draft.sends());
    }

    @Test
    void aVanishedCampaignAlreadyRemovedWritesNothing() {
        StoredCampaign removed = new StoredCampaign(STORED.withDetails("Spring Blend", "Removed", "NEWSLETTER"), SENT);
        assertNull(CampaignChange.resolve(CampaignChange.vanished(removed), null, "acme", NOW));
    }

    @Test
    void reSendsAreTheRunsNotYetAnnouncedByActivityAndSendIdNotByTime() {
        StoredCampaign once = new StoredCampaign(STORED, SENT, List.of("a2/1"));
        List<CampaignDetails.Run> runs = List.of(new CampaignDetails.Run("a2", 1, Instant.parse("2026-03-09T10:00:00.5Z")),
                new CampaignDetails.Run("a2", 2, Instant.parse("2026-03-09T08:00:00Z")));
        assertEquals(List.of(new CampaignSend(STORED, Instant.parse("2026-03-09T08:00:00Z"), "a2/2")),
                CampaignWriter.sends(once, runs), "a2/2 is new although it ran before the newest announced time");
    }
}
