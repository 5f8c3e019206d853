package io.ccheadless.harness;

import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.RedemptionProbe.Step;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A redeemer process is SIGKILLed at each step of the protocol; then a fresh process asks for a token.
 * Strict rotation loses the chain only when the process died between CC's answer and the secret write,
 * and then says so precisely; a 30 s grace window and long-lived tokens recover from every step.
 */
class CrashMatrixIT {
    static final int LEASE_SECONDS = 6;

    enum Expect { RECOVERED, REAUTH_WITH_DIAGNOSIS }

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (Step step : Step.values()) {
            a.add(Arguments.of(RefreshTokenMode.ROTATING_STRICT, Duration.ZERO, step,
                    step == Step.CC_ANSWERED ? Expect.REAUTH_WITH_DIAGNOSIS : Expect.RECOVERED));
            a.add(Arguments.of(RefreshTokenMode.ROTATING_GRACE, Duration.ofSeconds(30), step, Expect.RECOVERED));
            a.add(Arguments.of(RefreshTokenMode.LONG_LIVED, Duration.ZERO, step, Expect.RECOVERED));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} killed at {2}: {3}")
    @MethodSource("matrix")
    void aRedeemerKilledAtAStepIsRecoveredOrPreciselyDiagnosed(RefreshTokenMode mode, Duration grace, Step step, Expect expect)
            throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-" + mode + "-" + step));
        SandboxConfig config = SandboxConfig.builder().refreshMode(mode).graceWindow(grace).build();
        try (Harness h = Harness.start(config, Moto.endpoint(), LEASE_SECONDS, logs)) {
            h.advance(Duration.ofHours(25));   // the access token is expired: the first caller must redeem
            Harness.Worker doomed = h.spawn(1);
            doomed.send("crash " + step + " " + h.offsetMillis());
            assertEquals("reached " + step, doomed.read(Duration.ofSeconds(60)));
            doomed.kill();

            h.advance(Duration.ofSeconds(LEASE_SECONDS + 1));   // its lease expires (well inside a 30 s grace window)
            Harness.Worker fresh = h.spawn(1);
            fresh.send("once " + h.offsetMillis());
            String outcome = fresh.read(Duration.ofSeconds(90));
            TokenPointer p = h.pointer();
            if (expect == Expect.RECOVERED) {
                assertEquals("outcome ok gen=2", outcome);
                assertEquals(ConnectionStatus.ACTIVE, p.status());
                assertEquals(2, p.generation());
                assertNull(p.intent(), "no unfinished intent left behind");
            } else {
                assertTrue(outcome.startsWith("outcome failed") && outcome.contains("stopped after sending generation 1's refresh token"),
                        outcome);
                assertTrue(outcome.contains("cch authorize --tenant default"), outcome);
                assertEquals(ConnectionStatus.REAUTH_REQUIRED, p.status());
                assertEquals(1, p.generation(), "the stored set is kept");
            }
            assertEquals(0, h.cc.counters().invalidGrants() - (expect == Expect.REAUTH_WITH_DIAGNOSIS ? 1 : 0),
                    "invalid_grant only where the chain was truly lost");
        }
    }
}
