package io.ccheadless.aws.wiring;

import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.connect.CallbackFlow;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.core.token.TokenService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The compile-time wiring without any AWS or CC endpoint: SDK clients are built, never called. */
class ContainerTest {
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        env.put("STATE_TABLE", "state");
        env.put("CAMPAIGNS_TABLE", "campaigns");
        env.put("TOKEN_SECRET_PREFIX", "stack/tokens/");
        env.put("CLIENT_SECRET_ID", "client");
        env.put("EVENT_BUS_NAME", "bus");
        return env;
    }

    @Test
    void everyVariableIsBoundFromTheEnvironmentUnderItsOwnName() {
        Map<String, String> env = env();
        env.put("CC_AUTH_BASE_URL", "https://auth.example/v1");
        env.put("CC_API_BASE_URL", "https://api.example");
        env.put("LOOKBACK_DAYS", "7");
        env.put("CC_REQUESTS_PER_SECOND", "2");
        env.put("STATS_WINDOW_DAYS", "10");
        env.put("STATS_REFRESH_MINUTES", "20");
        env.put("STATS_REPORT_MAX_AGE_HOURS", "6");
        env.put("CC_DAILY_REQUEST_BUDGET", "500");
        env.put("DEFAULT_TENANT", "acme");
        env.put("KEEP_ALIVE_MAX_IDLE_DAYS", "5");
        env.put("PRIME_ON_INIT", "false");
        env.put("PARTNER_SECRET_ID", "stack/cc-partner");
        env.put("CC_PARTNER_REQUESTS_PER_SECOND", "8");
        env.put("CC_PARTNER_DAILY_REQUEST_BUDGET", "100000");
        try (Container c = Container.fromEnvironment("test", env)) {
            Settings s = c.bean(Settings.class);
            assertEquals("stack/cc-partner", s.partnerSecretId());
            assertEquals(8, s.ccPartnerRequestsPerSecond());
            assertEquals(100_000, s.ccPartnerDailyRequestBudget());
            assertFalse(c.bean(SnapshotHygiene.class).holdsSecrets(), "the partner client built, nothing read");
            assertEquals(Settings.fromEnvironment(env), s, "bound exactly as the environment reads");
            assertEquals("eu-west-1", s.region());
            assertEquals("http://127.0.0.1:9", s.endpointOverride());
            assertEquals(URI.create("https://api.example"), s.ccApiBase());
            assertEquals(Duration.ofDays(5), s.keepAliveMaxIdle());
            assertFalse(s.primeOnInit());
            assertEquals(500, s.ccDailyRequestBudget());
            assertEquals(Duration.ofHours(6), c.bean(io.ccheadless.core.campaigns.CampaignSync.class).policy().reportMaxAge(),
                    "the sync's report bound is the setting's");
        }
    }

    @Test
    void aMisconfigurationNamesEveryVariableInOneLine() {
        Map<String, String> env = env();
        env.remove("STATE_TABLE");
        env.remove("CLIENT_SECRET_ID");
        env.put("LOOKBACK_DAYS", "soon");
        env.put("KEEP_ALIVE_MAX_IDLE_DAYS", "0");
        env.put("PRIME_ON_INIT", "maybe");
        env.put("CC_LINK_REPORT", "sometimes");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Container.fromEnvironment("test", env));
        assertEquals("configuration: STATE_TABLE is not set; CLIENT_SECRET_ID is not set;"
                + " LOOKBACK_DAYS must be a positive whole number, got 'soon';"
                + " KEEP_ALIVE_MAX_IDLE_DAYS must be a positive whole number, got '0';"
                + " PRIME_ON_INIT must be true or false, got 'maybe';"
                + " CC_LINK_REPORT must be true or false, got 'sometimes'", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aFunctionStartThatFailsKeepsTheOneLineForItsInvocations() {
        Map<String, String> env = env();
        env.remove("EVENT_BUS_NAME");
        FunctionStart start = FunctionStart.start("test", env);
        assertInstanceOf(ConfigurationException.class, start.failure());
        assertEquals("configuration: EVENT_BUS_NAME is not set", start.failure().getMessage());
        assertNull(start.take(c -> c.bean(TokenService.class)));
        assertNull(start.prime(c -> Map.of()));
    }

    @Test
    void eachUseCaseIsOneSingletonOverTheSameTokenService() {
        try (Container c = Container.fromEnvironment("test", env())) {
            TokenService tokens = c.bean(TokenService.class);
            assertSame(tokens, c.bean(TokenService.class));
            assertNotNull(c.bean(ScheduledSync.class));
            assertNotNull(c.bean(CallbackFlow.class));
            assertNotNull(c.bean(KeepAlive.class));
            assertSame(c.bean(SnapshotHygiene.class), c.bean(SnapshotHygiene.class));
            assertFalse(c.bean(SnapshotHygiene.class).holdsSecrets());
        }
    }

    @Test
    void primingRunsEveryStepEvenWhenOneFailsAndNeverThrows() {
        Map<String, String> env = env();
        env.put("PRIME_ON_INIT", "true");
        FunctionStart start = FunctionStart.start("test", env);
        int[] ran = new int[1];
        Priming p = start.prime(c -> {
            Map<String, Priming.Step> steps = new java.util.LinkedHashMap<>();
            steps.put("fails", () -> {
                throw new IllegalStateException("down");
            });
            steps.put("counts", () -> ran[0]++);
            return steps;
        });
        assertNotNull(p);
        assertEquals(1, ran[0], "PRIME_ON_INIT ran the steps at the end of init");
        p.beforeCheckpoint(null);
        assertEquals(2, ran[0], "the checkpoint hook primes again");
        start.container().close();
    }
}
