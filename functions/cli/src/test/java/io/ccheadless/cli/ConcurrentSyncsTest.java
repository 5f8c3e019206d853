package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several {@code cch sync} runs for different tenants started at once, each with its own container (its own governor,
 * as separate processes or Lambdas have), against a sandbox that enforces CC's 4 requests a second per API key across
 * all accounts: the governor's shared ledger on moto keeps them under it together, so CC never answers 429.
 */
class ConcurrentSyncsTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final int TENANTS = 4;

    CcSandbox cc;
    AwsClients aws;
    Map<String, String> env;

    @BeforeEach
    void connect() {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(12).build());   // per-key limits on, real clock
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                new Log(l -> { }, Clock.systemUTC(), "test"), "test");
        for (int t = 0; t < TENANTS; t++) {
            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                    Set.of("account_read", "campaign_data", "offline_access"), null);
            assertEquals(1, app.connectWithCode("tenant-" + t, code, REDIRECT, null, Instant.now().plusSeconds(60)));
        }
        cc.counters().reset();
    }

    @AfterEach
    void stop() {
        aws.close();
        cc.close();
    }

    @Test
    void syncsOfSeveralTenantsStartedAtOnceDrawNo429FromCc() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TENANTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> runs = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            String tenant = "tenant-" + t;
            runs.add(pool.submit(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertTrue(go.await(10, TimeUnit.SECONDS));
                int code = Main.run(new String[]{"sync", "--tenant", tenant}, new CliContext(env,
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                        Clock.systemUTC(), Sleeper.REAL));
                String o = out.toString(StandardCharsets.UTF_8);
                assertEquals(0, code, o);
                return o;
            }));
        }
        go.countDown();
        for (Future<String> r : runs) {
            assertTrue(r.get(120, TimeUnit.SECONDS).contains("outcome COMPLETED"));
        }
        pool.shutdown();
        long requests = cc.counters().totalApiRequests();
        assertTrue(requests >= TENANTS * 2L, "each sync read CC: " + cc.counters().requestsByRoute());
        assertEquals(0, cc.counters().answers(429), "CC throttled a request: " + cc.counters().requestsByRoute());
        assertTrue(cc.counters().peakPerSecond(cc.clientId()) <= 4, "peak " + cc.counters().peakPerSecond(cc.clientId()));
        assertEquals(0, cc.counters().requests(SandboxRoutes.TOKEN), "no refresh was needed: only the API was exercised");

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{"tenants"}, new CliContext(env, new PrintStream(listed, true, StandardCharsets.UTF_8),
                new PrintStream(listed, true, StandardCharsets.UTF_8), Clock.systemUTC(), Sleeper.REAL)));
        String table = listed.toString(StandardCharsets.UTF_8);
        for (int t = 0; t < TENANTS; t++) {
            assertTrue(table.matches("(?s).*\\ntenant-" + t + " +oauth +ACTIVE +1 +0 d 0 h  20\\d\\d-.*"), "cch tenants:\n" + table);
        }
        assertTrue(table.contains(TENANTS + " tenants, " + TENANTS + " synced by the hourly fan-out"), table);
        assertFalse(table.contains("never"), "every tenant's last sync is shown: " + table);
    }
}
