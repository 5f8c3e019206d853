package io.ccheadless.cli;

import io.ccheadless.core.obs.Log;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The text log format: the application's JSON log lines as readable lines, metric records left out; json as is. */
class TextLogTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void aLogLineReadsAsItsMessageAndFieldsWithTheLevelUnlessInfo() {
        List<String> captured = new ArrayList<>();
        Log json = new Log(captured::add, clock, "cch");
        json.info("token generation redeemed", "tenant", "acme", "generation_redeemed", 1L);
        json.warn("campaign events deferred", "tenant", "acme", "events", 2, "detail", "");
        assertEquals(Optional.of("  token generation redeemed: tenant acme, generation redeemed 1"), TextLog.render(captured.get(0)));
        assertEquals(Optional.of("  WARN: campaign events deferred: tenant acme, events 2"), TextLog.render(captured.get(1)));
    }

    @Test
    void metricRecordsAreLeftOutAndAnythingElsePassesAsIs() {
        assertEquals(Optional.empty(), TextLog.render("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]},\"Refreshes\":1}"));
        assertEquals(Optional.of("not json"), TextLog.render("not json"));
        assertEquals(Optional.of("[1,2]"), TextLog.render("[1,2]"));
    }

    @Test
    void textWritesReadableLinesAndJsonWritesTheStructuredLinesAsTheFunctionsDo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Log text = LogFormat.TEXT.log(new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        text.info("sync pass", "tenant", "acme", "outcome", "COMPLETED");
        text.raw("{\"_aws\":{},\"Refreshes\":1}");
        assertEquals(List.of("  sync pass: tenant acme, outcome COMPLETED"), err.toString(StandardCharsets.UTF_8).lines().toList());

        err.reset();
        Log json = LogFormat.JSON.log(new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        json.info("sync pass", "tenant", "acme");
        json.raw("{\"_aws\":{},\"Refreshes\":1}");
        assertEquals(List.of("{\"timestamp\":\"2026-12-01T09:00:00Z\",\"level\":\"INFO\",\"logger\":\"cch\",\"message\":\"sync pass\",\"tenant\":\"acme\"}",
                "{\"_aws\":{},\"Refreshes\":1}"), err.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
