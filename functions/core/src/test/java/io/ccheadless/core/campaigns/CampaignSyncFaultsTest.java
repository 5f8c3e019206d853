package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.testing.FaultyCcTransport;
import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.campaigns.testing.SyncFixture;
import io.ccheadless.core.http.UrlConnectionTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The same four scenarios twice, on two identical 10,000-campaign accounts: once with a clean line to CC and once
 * with 20% of calls failing (500/503, 429 with and without Retry-After, timeouts before and after the server
 * processed the call, 200 answers with malformed bodies). A run that fails is simply run again, as the schedule
 * would. The faulty account must end with exactly the same stored campaigns and the same events, none twice, and
 * no state ever written may hold a watermark ahead of what was stored. Pages of 50 instead of 500 make the chain
 * take about ten times the requests (at 500 it needs about fifteen), so every kind of fault occurs many times.
 */
class CampaignSyncFaultsTest {

    /** The scenario chain: first sync, no change, three new sends, stats grown. */
    static final List<Consumer<SyncFixture>> BETWEEN_SYNCS = List.of(
            fx -> { },
            fx -> { },
            fx -> {
                fx.cc.control().advanceClock(Duration.ofMinutes(10));
                fx.sendNew(3, "Spring Launch");
            },
            fx -> fx.cc.control().advanceClock(Duration.ofMinutes(50)));

    @Test
    void twentyPercentFaultsEndWithTheFaultFreeResultNoDuplicateEventsAndTheWatermarkNeverAheadOfTheStore() {
        FaultyCcTransport faulty = new FaultyCcTransport(UrlConnectionTransport.INSTANCE, 0.20, 20260310L);
        SyncPolicy policy = SyncPolicy.defaults(Duration.ofDays(14)).withPageSize(50);
        try (SyncFixture clean = new SyncFixture(10_000, 11, null, policy);
             SyncFixture chaos = new SyncFixture(10_000, 11, faulty, policy)) {
            int failedRuns = 0;
            List<String> failures = new ArrayList<>();
            for (Consumer<SyncFixture> step : BETWEEN_SYNCS) {
                step.accept(clean);
                step.accept(chaos);
                assertEquals(SyncReport.Outcome.COMPLETED, clean.sync().outcome());
                SandboxTruth truth = chaos.truth();
                int attempts = 0;
                while (true) {
                    attempts++;
                    assertTrue(attempts <= 10, "the faulty account converges within ten runs");
                    try {
                        if (chaos.sync().outcome() == SyncReport.Outcome.COMPLETED) {
                            break;
                        }
                    } catch (CcApiException e) {
                        failedRuns++;
                        failures.add(e.getMessage());
                    }
                    assertWatermarkNotAheadOfStore(chaos, truth);
                }
                assertWatermarkNotAheadOfStore(chaos, truth);
                assertEquals(comparable(clean), comparable(chaos), "same stored campaigns after step");
            }
            assertTrue(faulty.injectedTotal() > 20, "faults were injected: " + faulty.injectedTotal());
            for (FaultyCcTransport.Fault f : FaultyCcTransport.Fault.values()) {
                assertTrue(faulty.injected(f) > 0, "no " + f + " was injected");
            }
            assertEquals(eventIds(clean.events.published()), eventIds(chaos.events.published()), "the same sends announced");
            assertNoDuplicates(chaos.events.published());
            String token = chaos.login.bearer();
            assertFalse(chaos.logLines.isEmpty());
            assertTrue(chaos.logLines.stream().noneMatch(l -> l.contains(token) || l.contains("Bearer")),
                    "no access token in the sync's log lines");
            assertTrue(failures.stream().noneMatch(m -> m.contains(token)), "nor in a failure's message");
            System.out.println("fault run: " + faulty.injectedTotal() + " faults injected, " + failedRuns + " runs failed and were run again");
        }
    }

    /** Every send up to the watermark (inside the look-back window at that time) is stored and announced. */
    static void assertWatermarkNotAheadOfStore(SyncFixture fx, SandboxTruth truth) {
        SyncState state = fx.states.read(SyncFixture.TENANT).orElse(SyncState.EMPTY);
        if (state.watermark() == null) {
            return;
        }
        Instant cutoff = fx.clock.instant().minus(fx.policy.lookback());
        Map<String, StoredCampaign> stored = fx.store.all(SyncFixture.TENANT);
        for (SandboxTruth.Sent s : truth.sent) {
            if (!s.lastSentAt().isAfter(state.watermark()) && !s.lastSentAt().isBefore(cutoff)) {
                StoredCampaign c = stored.get(s.campaignId());
                assertNotNull(c, "watermark " + state.watermark() + " is ahead of the store: " + s.campaignId() + " missing");
                assertFalse(c.announcementPending(), "watermark ahead of announcements: " + s.campaignId());
            }
        }
        Instant newestStored = stored.values().stream().map(StoredCampaign::lastSentAt).max(Instant::compareTo).orElseThrow();
        assertFalse(state.watermark().isAfter(newestStored), "watermark past the newest stored send");
    }

    static Map<String, String> comparable(SyncFixture fx) {
        Map<String, String> out = new TreeMap<>();
        fx.store.all(SyncFixture.TENANT).forEach((id, s) -> {
            SentCampaign c = s.campaign();
            out.put(id, String.join("|", c.name(), c.status(), c.campaignType(), c.lastSentAt().toString(),
                    c.stats().toString(), String.valueOf(s.announcedSentAt()), content(c.content())));
        });
        return out;
    }

    /** The content as read (the links' clicks are a snapshot of when each run first read them, so not compared). */
    static String content(CampaignContent c) {
        return c == null ? "none" : String.join("|", c.activityId(), c.subject(), c.fromName(), c.preheader(),
                c.links() == null ? "no links" : c.links().stream().map(CampaignContent.Link::url).sorted().toList().toString());
    }

    static Set<String> eventIds(List<CampaignSend> sends) {
        Set<String> ids = new HashSet<>();
        sends.forEach(s -> ids.add(s.eventId()));
        return ids;
    }

    static void assertNoDuplicates(List<CampaignSend> sends) {
        List<String> ids = new ArrayList<>();
        sends.forEach(s -> ids.add(s.eventId()));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an event was published twice");
    }
}
