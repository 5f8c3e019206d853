package io.ccheadless.core.token.sim;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token protocol under seeded schedules (see {@link SimSchedule} for the invariants). Every seed of the range runs
 * in every build; a failing seed prints its trace and the command that replays it. Every violation fails, including
 * one that matches a finding already fixed ({@link SimSchedule.Known} labels them, so a regression says which).
 */
class SimPropertyTest {
    @Property(tries = 20_000, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void everyScheduleKeepsTheTokenInvariants(@ForAll @LongRange(min = 1, max = 20_000) long seed) {
        SimSchedule.Result r = SimSchedule.run(seed);
        assertTrue(r.acceptable(true), () -> r.report() + "\n\ntrace:\n" + r.trace()
                + "\nreplay: ./mvnw -q -B -pl functions/sandbox,functions/core test -Dtest=SimReplayTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=" + seed);
    }

    @Example
    void aSeedGivesTheSameScheduleEveryTime() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(SimSchedule.run(seed).trace(), SimSchedule.run(seed).trace(), "seed " + seed);
        }
    }
}
