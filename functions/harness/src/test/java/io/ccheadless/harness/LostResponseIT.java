package io.ccheadless.harness;

import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.faults.FaultRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** CC processes the refresh, then the response is lost: the redeemer retries promptly with the same token. */
class LostResponseIT {

    String runWith(RefreshTokenMode mode, Duration grace, Harness[] out) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "lost-response-" + grace.toSeconds()));
        Harness h = Harness.start(SandboxConfig.builder().refreshMode(mode).graceWindow(grace).build(), Moto.endpoint(), 60, logs);
        out[0] = h;
        h.cc.control().injectFault(SandboxRoutes.TOKEN, FaultRule.dropResponseAfterProcessing().times(1));
        h.advance(Duration.ofHours(25));
        Harness.Worker w = h.spawn(1);
        w.send("once " + h.offsetMillis());
        return w.read(Duration.ofSeconds(90));
    }

    @Test
    void withoutAGraceWindowTheChainIsLostAndTheDiagnosisSaysWhy() throws Exception {
        Harness[] h = new Harness[1];
        try {
            String outcome = runWith(RefreshTokenMode.ROTATING_STRICT, Duration.ZERO, h);
            assertTrue(outcome.startsWith("outcome failed") && outcome.contains("its answer was lost"), outcome);
            assertEquals(ConnectionStatus.REAUTH_REQUIRED, h[0].pointer().status());
            assertEquals(1, h[0].pointer().generation(), "stored set kept");
            assertEquals(1, h[0].cc.counters().successfulRefreshes(), "CC did process the first refresh");
        } finally {
            if (h[0] != null) {
                h[0].close();
            }
        }
    }

    @Test
    void withA30SecondGraceWindowThePromptRetryRecovers() throws Exception {
        Harness[] h = new Harness[1];
        try {
            String outcome = runWith(RefreshTokenMode.ROTATING_GRACE, Duration.ofSeconds(30), h);
            assertEquals("outcome ok gen=2", outcome);
            assertEquals(ConnectionStatus.ACTIVE, h[0].pointer().status());
            assertEquals(0, h[0].cc.counters().invalidGrants());
        } finally {
            if (h[0] != null) {
                h[0].close();
            }
        }
    }
}
