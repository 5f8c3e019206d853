package io.ccheadless.token;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.testing.RieFunction;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The packaged keep-alive under the Runtime Interface Emulator: an idle chain is refreshed once, metrics printed. */
class KeepAliveFunctionRieIT {
    static final Path JAR = Path.of("target", "cch-token-function-0.1.0-SNAPSHOT-lambda.jar");

    @Test
    void anIdleChainIsRefreshedAndHealthIsPublishedAsMetrics() throws Exception {
        RieFunction.rie();
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(3).build())) {
            Map<String, String> env = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString()));
            try (AwsClients aws = Moto.provision(env, cc.clientId(), cc.clientSecret())) {
                CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                        new Log(l -> { }, Clock.systemUTC(), "test"), "test");
                String redirect = "http://127.0.0.1:8765/oauth/callback";
                app.connectWithCode("default", cc.issueAuthorizationCode(cc.clientId(), redirect,
                        Set.of("campaign_data", "offline_access"), null), redirect, null, Instant.now().plusSeconds(60));
                env.put("KEEP_ALIVE_MAX_IDLE_DAYS", "1");
                Path log = Path.of("target", "rie-keep-alive.log");
                try (RieFunction f = RieFunction.start(JAR, "io.ccheadless.token.KeepAliveHandler::handleRequest", env, log)) {
                    RieFunction.Invocation fresh = f.invoke("{\"tenant\": \"default\"}");
                    assertTrue(fresh.body().contains("\"refreshed\":false"), fresh.body());
                    assertTrue(fresh.body().contains("\"status\":\"ACTIVE\""), fresh.body());
                    // The idle → refresh branch runs on a stepping clock in KeepAliveTest; here the wiring is the point.
                    RieFunction.Invocation bad = f.invoke("{\"tenant\": 7}");
                    assertTrue(bad.body().contains("malformed keep-alive event"), bad.body());
                }
                assertEquals(0, cc.counters().successfulRefreshes(), "a fresh chain is not redeemed");
                String out = Files.readString(log);
                assertTrue(out.contains("\"ConnectionHealthy\":1"), "EMF metric line printed");
                assertTrue(out.contains("\"Namespace\":\"cc-headless\""));
            }
        }
    }

    /**
     * A keep-alive that cannot even learn its tenant (its configuration is broken: no state table) still fails the
     * invocation (Lambda counts an error) and emits the untenanted KeepAliveFailed metric KeepAliveFailedAlarm
     * watches; and it emits no KeepAliveSucceeded, which is what KeepAliveSilentAlarm waits for.
     */
    @Test
    void aKeepAliveThatFailsBeforeItKnowsItsTenantStillEmitsTheFailureMetric() throws Exception {
        RieFunction.rie();
        Map<String, String> env = new HashMap<>(Moto.environment("https://authz.invalid/v1", "https://api.invalid"));
        env.remove("STATE_TABLE");
        Path log = Path.of("target", "rie-keep-alive-misconfigured.log");
        try (RieFunction f = RieFunction.start(JAR, "io.ccheadless.token.KeepAliveHandler::handleRequest", env, log)) {
            RieFunction.Invocation r = f.invoke("{\"tenant\": \"default\"}");
            assertTrue(r.body().contains("errorMessage") && r.body().contains("STATE_TABLE is not set"), r.body());
            RieFunction.Invocation malformed = f.invoke("not json");
            assertTrue(malformed.body().contains("errorMessage"), malformed.body());
        }
        List<String> failures = Files.readAllLines(log).stream().filter(l -> l.contains("\"KeepAliveFailed\":1")).toList();
        assertEquals(2, failures.size(), "one failure metric per failed invocation");
        for (String l : failures) {
            assertTrue(l.contains("\"Dimensions\":[[]]"), "no tenant dimension: " + l);
            assertFalse(l.contains("\"Tenant\""), l);
        }
        assertFalse(Files.readString(log).contains("KeepAliveSucceeded"));
    }
}
