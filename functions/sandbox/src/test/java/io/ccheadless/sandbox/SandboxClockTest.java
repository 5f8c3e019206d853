package io.ccheadless.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SandboxClockTest {

    @Test
    void fixedClockStandsStillUntilAdvancedOrSet() throws Exception {
        SandboxClock c = SandboxClock.fixed(Sandboxes.T0);
        Thread.sleep(5);
        assertEquals(Sandboxes.T0, c.now());
        c.advance(Duration.ofHours(3));
        assertEquals(Sandboxes.T0.plusSeconds(3 * 3600), c.now());
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        c.set(t);
        assertEquals(t, c.now());
        assertEquals(t, c.asClock().instant());
    }

    @Test
    void systemClockFollowsRealTimePlusTheAdvancedOffset() {
        SandboxClock c = SandboxClock.system();
        c.advance(Duration.ofDays(10));
        Instant expected = Instant.now().plus(Duration.ofDays(10));
        assertTrue(Duration.between(expected, c.now()).abs().compareTo(Duration.ofSeconds(2)) < 0);
        c.set(Sandboxes.T0);
        assertTrue(Duration.between(Sandboxes.T0, c.now()).abs().compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void asClockKeepsFollowingLaterAdvances() {
        SandboxClock c = SandboxClock.fixed(Sandboxes.T0);
        java.time.Clock view = c.asClock();
        c.advance(Duration.ofMinutes(1));
        assertEquals(Sandboxes.T0.plusSeconds(60), view.instant());
        assertEquals(java.time.ZoneOffset.UTC, view.getZone());
    }
}
