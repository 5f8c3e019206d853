package io.ccheadless.aws.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.aws.json.CampaignJson;
import io.ccheadless.core.campaigns.SentCampaign;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** The made-up data priming runs the functions' code on. */
class WarmupTest {
    /** The campaigns API primes its reader and writer on it: it must reach every optional part of the shape. */
    @Test
    void theMadeUpCampaignHasEveryPartOfTheShapeAndReadsBackAsItself() {
        Instant now = Instant.parse("2026-12-02T10:00:00.123Z");
        SentCampaign made = Warmup.madeUpCampaign(now);
        JsonNode shape = CampaignJson.of(made);
        assertTrue(shape.path("totals").has("read_at"), "CC's report, as read: " + shape);
        assertTrue(shape.path("totals").has("stats_at_read"), shape.toString());
        assertFalse(shape.path("totals").path("percents").isEmpty(), shape.toString());
        assertTrue(shape.has("subject"), "the content: " + shape);
        assertEquals(1, shape.path("links").size(), "the content's links: " + shape);
        assertEquals(made, CampaignJson.read(Warmup.NO_TENANT, shape));
        assertEquals(Warmup.NO_TENANT, made.tenant(), "the tenant that does not exist");
    }
}
