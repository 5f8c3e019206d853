package io.ccheadless.harness;

import io.ccheadless.aws.testing.Moto;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * 64 callers in 4 separate JVMs share moto and the sandbox; 50 times the access token expires and all 64
 * ask for it at once. Exactly one redemption per expiry, no invalid_grant, no failed caller.
 */
class ContentionIT {
    static final int PROCESSES = 4;
    static final int THREADS = 16;
    static final int EXPIRIES = 50;

    @ParameterizedTest
    @EnumSource(value = RefreshTokenMode.class, names = {"ROTATING_STRICT", "ROTATING_FAMILY_REVOCATION"})
    void exactlyOneRedemptionPerExpiryAcrossProcesses(RefreshTokenMode mode) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "contention-" + mode));
        try (Harness h = Harness.start(SandboxConfig.builder().refreshMode(mode).build(), Moto.endpoint(), 60, logs)) {
            List<Harness.Worker> workers = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                workers.add(h.spawn(THREADS));
            }
            long before = h.cc.counters().successfulRefreshes();
            List<String> problems = new ArrayList<>();
            for (int k = 1; k <= EXPIRIES; k++) {
                h.advance(Duration.ofHours(25));
                long offset = h.offsetMillis();
                for (Harness.Worker w : workers) {
                    w.send("round " + k + " " + offset);
                }
                for (Harness.Worker w : workers) {
                    String r = w.read(Duration.ofSeconds(120));
                    if (!r.contains("ok=" + THREADS + " failed=0") || !r.contains("gens=[" + (k + 1) + "]")) {
                        problems.add(r);
                    }
                }
            }
            assertEquals(List.of(), problems, "every caller of every round got the round's new generation");
            assertEquals(EXPIRIES, h.cc.counters().successfulRefreshes() - before, "exactly one redemption per expiry");
            assertEquals(0, h.cc.counters().invalidGrants());
            assertEquals(EXPIRIES + 1, h.pointer().generation());
        }
    }
}
