package io.ccheadless.core.token.sim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays one schedule of the simulation and prints its whole trace:
 * {@code ./mvnw -q -B -pl functions/sandbox,functions/core test -Dtest=SimReplayTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=N}. Skipped without {@code sim.seed}.
 */
class SimReplayTest {
    @Test
    void replaysTheScheduleOfSimSeed() {
        String seed = System.getProperty("sim.seed");
        Assumptions.assumeTrue(seed != null && !seed.isBlank(), "set -Dsim.seed=N to replay a schedule");
        SimSchedule.Result r = SimSchedule.run(Long.parseLong(seed.trim()));
        SimSchedule.Result again = SimSchedule.run(Long.parseLong(seed.trim()));
        System.out.println(r.trace());
        System.out.println(r.ok() ? "seed " + seed + ": no violation" : r.report());
        assertTrue(r.trace().equals(again.trace()), "the same seed gave two different traces: the simulation is not deterministic");
        assertTrue(r.ok(), () -> r.report() + "\n" + r.trace());
    }
}
