package io.ccheadless.core.token.sim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of the simulation for mutation testing ({@code infrastructure/scripts/mutation.sh} sets
 * {@code -Dsim.sample=N}): the first N seeds, every violation failing. Skipped otherwise; the full range runs in
 * {@link SimPropertyTest}.
 */
class SimSampleTest {
    @Test
    void theFirstSeedsKeepTheTokenInvariants() {
        int n = Integer.getInteger("sim.sample", 0);
        Assumptions.assumeTrue(n > 0, "set -Dsim.sample=N (mutation testing does)");
        for (long seed = 1; seed <= n; seed++) {
            SimSchedule.Result r = SimSchedule.run(seed);
            long s = seed;
            assertTrue(r.acceptable(true), () -> "seed " + s + ": " + r.report());
        }
    }
}
