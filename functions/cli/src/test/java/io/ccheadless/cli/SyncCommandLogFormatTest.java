package io.ccheadless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cch sync} against moto and the CC sandbox, with an access token CC no longer accepts, so the run
 * redeems the refresh token (a log line and a metric record) before it syncs: people get readable lines and
 * no JSON; {@code --log-format json} gets the functions' structured lines, metric record included.
 */
class SyncCommandLogFormatTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final ObjectMapper JSON = new ObjectMapper();

    CcSandbox cc;
    AwsClients aws;
    Map<String, String> env;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void connect() {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(12).build());
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                new Log(l -> { }, Clock.systemUTC(), "test"), "test");
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        assertEquals(1, app.connectWithCode("default", code, REDIRECT, null, Instant.now().plusSeconds(60)));
        cc.clock().advance(Duration.ofHours(25));
    }

    @AfterEach
    void stop() {
        aws.close();
        cc.close();
        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertFalse(all.matches("(?s).*eyJ[A-Za-z0-9_-]{8,}\\..*"), "a token was printed");
    }

    int sync(String... extra) {
        String[] argv = new String[extra.length + 1];
        argv[0] = "sync";
        System.arraycopy(extra, 0, argv, 1, extra.length);
        return Main.run(argv, new CliContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), Sleeper.REAL));
    }

    @Test
    void byDefaultPeopleGetReadableLinesWhatWasStoredAndWhatToDoNext() {
        assertEquals(0, sync("--tenant", "default"), err.toString(StandardCharsets.UTF_8));

        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("Syncing tenant 'default' from " + cc.baseUri()), o);
        assertTrue(o.matches("(?s).*Sync of tenant 'default': \\d+ campaigns sent in the last 14 days, \\d+ written.*"), o);
        assertTrue(o.contains("Stored in DynamoDB table '" + env.get("CAMPAIGNS_TABLE") + "'"), o);
        assertTrue(o.contains("Next: cch campaigns recent --tenant default --days 7"), o);
        assertTrue(e.contains("  token generation redeemed: tenant default, generation redeemed 1"), e);
        assertTrue(e.contains("  sync pass: tenant default, outcome COMPLETED"), e);
        List<String> lines = (o + e).lines().toList();
        assertTrue(lines.stream().noneMatch(l -> l.trim().startsWith("{") || l.contains("\"_aws\"")), "no JSON:\n" + o + e);
    }

    @Test
    void jsonKeepsTheStructuredLinesAndTheMetricRecords() throws Exception {
        assertEquals(0, sync("--log-format", "json"), err.toString(StandardCharsets.UTF_8));

        List<JsonNode> lines = err.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception ex) {
                throw new AssertionError("not a JSON line: " + l, ex);
            }
        }).toList();
        assertTrue(lines.stream().anyMatch(n -> "token generation redeemed".equals(n.path("message").asText())
                && "default".equals(n.path("tenant").asText()) && "INFO".equals(n.path("level").asText())), lines.toString());
        assertTrue(lines.stream().anyMatch(n -> "sync pass".equals(n.path("message").asText())), lines.toString());
        assertTrue(lines.stream().anyMatch(n -> n.has("_aws") && n.path("Refreshes").asInt() == 1), "the metric record: " + lines);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Sync of tenant 'default'"), "the report is still for people");
    }
}
