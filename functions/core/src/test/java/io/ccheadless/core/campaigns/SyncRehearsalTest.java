package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.http.HttpExchange;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sync's priming runs the real pass end to end and sends nothing: CC's base is a port nobody listens on. */
class SyncRehearsalTest {
    @Test
    void twoRealPassesOverTheMadeUpAccountWithoutSendingAnything() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();   // free once closed: a request sent there would fail the pass
        }
        Clock clock = Clock.systemUTC();
        int[] slept = {0};
        CcApi api = new CcApi(HttpExchange.withDefaults(Duration.ofSeconds(1)), URI.create("http://127.0.0.1:" + closed),
                1000, clock, d -> slept[0]++, RandomGenerator.of("L64X128MixRandom"));
        SyncPolicy policy = SyncPolicy.of(Duration.ofDays(3), Duration.ofDays(30), Duration.ofMinutes(45));

        List<StoredCampaign> stored = SyncRehearsal.rehearse(api, policy, "cch-priming-no-tenant", clock);

        assertEquals(1, stored.size(), "the made-up campaign is stored once: " + stored);
        StoredCampaign c = stored.getFirst();
        assertEquals(SyncRehearsal.CAMPAIGN, c.campaignId());
        assertEquals("priming", c.campaign().name(), "its name came from the campaign read");
        assertEquals(41, c.campaign().stats().opens(), "the second pass classified the grown stats and wrote them");
        assertNotNull(c.campaign().report(), "the stats report was read and parsed");
        assertEquals(41.8, c.campaign().report().percent("open"));
        assertTrue(c.contentRefused(), "the unknown activity (404) was remembered as content unavailable");
        assertNotNull(c.announcedSentAt(), "the first send was announced (to the rehearsal's own bus)");
        assertFalse(slept[0] > 0, "the rehearsal never waits");
    }
}
