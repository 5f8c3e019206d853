package io.ccheadless.core.api;

import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.testing.SteppingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The per-process gate: a quiet process's first requests go at once, a busy one keeps CC's pace. */
class RateGateTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aQuietProcessSendsFourAtOnceAndTheFifthAWindowAfterTheFirst() throws Exception {
        SteppingClock clock = new SteppingClock(T0);
        RateGate gate = new RateGate(4, clock, clock);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            gate.acquire();
            sent.add(clock.instant());
        }
        Duration window = gate.spacing().multipliedBy(4);
        assertEquals(Duration.ofMillis(300), gate.spacing(), "1 s / 4 plus the 50 ms margin");
        assertEquals(List.of(T0, T0, T0, T0, T0.plus(window), T0.plus(window), T0.plus(window), T0.plus(window),
                T0.plus(window.multipliedBy(2))), sent);
    }

    @Test
    void aLateWakeUpCountsFromWhenItWokeNotFromWhenItWasDue() throws Exception {
        SteppingClock clock = new SteppingClock(T0);
        Duration oversleep = Duration.ofMillis(400);
        Sleeper late = d -> clock.advance(d.plus(oversleep));   // a descheduled process
        RateGate gate = new RateGate(1, Duration.ZERO, clock, late);
        gate.acquire();
        gate.acquire();   // due at T0 + 1 s, woke 400 ms later and sent then
        Instant secondSent = clock.instant();
        assertEquals(T0.plusSeconds(1).plus(oversleep), secondSent);
        gate.acquire();
        assertFalse(clock.instant().isBefore(secondSent.plusSeconds(1)),
                "the third is a whole second after the second one's real send: " + clock.instant());
    }

    @Test
    void itsLimitsAreChecked() {
        SteppingClock clock = new SteppingClock(T0);
        assertEquals(Duration.ofSeconds(1), new RateGate(1, Duration.ZERO, clock, clock).spacing(), "one a second is a gate");
        assertThrows(IllegalArgumentException.class, () -> new RateGate(0, clock, clock));
        assertThrows(IllegalArgumentException.class, () -> new RateGate(4, Duration.ofMillis(-1), clock, clock));
    }
}
