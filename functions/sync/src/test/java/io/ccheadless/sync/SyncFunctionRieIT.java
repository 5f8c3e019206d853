package io.ccheadless.sync;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.testing.RepoFiles;
import io.ccheadless.aws.testing.RieFunction;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged SyncFunction jar, invoked through the Lambda Runtime Interface Emulator with events/
 * payloads, against moto (AWS) and the CC sandbox; then what landed in DynamoDB is checked.
 */
class SyncFunctionRieIT {
    static final Path JAR = Path.of("target", "cch-sync-function-0.1.0-SNAPSHOT-lambda.jar");
    static final String HANDLER = "io.ccheadless.sync.SyncHandler::handleRequest";
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";

    CcSandbox cc;
    AwsClients aws;
    CcHeadless app;
    Map<String, String> env;
    Settings settings;

    @BeforeEach
    void setUp() {
        RieFunction.rie();
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(30).build());
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        settings = Settings.fromEnvironment(env);
        app = new CcHeadless(settings, aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "test"), "test");
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        assertEquals(1, app.connectWithCode("default", code, REDIRECT, null, Instant.now().plusSeconds(60)));
    }

    @AfterEach
    void tearDown() {
        if (aws != null) {
            aws.close();
        }
        if (cc != null) {
            cc.close();
        }
    }

    @Test
    void scheduledEventSyncsRecentCampaignsIntoDynamoDbAndRefreshesOnceAfterA401() throws Exception {
        // CC's clock runs 25 h ahead: the stored access token is rejected (401), so the function must
        // redeem the refresh token through the lease exactly once and retry.
        cc.clock().advance(Duration.ofHours(25));
        try (RieFunction f = RieFunction.start(JAR, HANDLER, env, Path.of("target", "rie-sync.log"))) {
            RieFunction.Invocation r = f.invoke(RepoFiles.event("scheduled-sync.json"));
            assertEquals(200, r.status());
            assertFalse(r.body().contains("errorMessage"), r.body());
            assertTrue(r.body().contains("\"tenant\":\"default\""), r.body());

            Instant now = Instant.now();
            List<SentCampaign> stored = app.campaigns().sentBetween("default", now.minus(Duration.ofDays(15)), now.plus(Duration.ofDays(2)));
            assertFalse(stored.isEmpty(), "campaigns landed in DynamoDB");
            assertTrue(r.body().contains("\"campaigns_seen\":" + stored.size()), r.body() + " vs " + stored.size() + " stored");
            assertEquals(1, cc.counters().successfulRefreshes(), "exactly one redemption");
            TokenPointer p = app.tokens().pointer("default").orElseThrow();
            assertEquals(2, p.generation());
            assertNull(p.lease(), "lease released");

            RieFunction.Invocation again = f.invoke(RepoFiles.event("scheduled-sync.json"));
            assertTrue(again.body().contains("\"campaigns_written\":0"), "a repeated run changes nothing: " + again.body());
            assertEquals(1, cc.counters().successfulRefreshes(), "no further redemption on a warm container");
        }
        String log = Files.readString(Path.of("target", "rie-sync.log"));
        assertTrue(log.contains("sync finished"), "the function's structured log line is in RIE's output");
    }

    @Test
    void malformedEventIsRefusedWithAClearErrorAndChangesNothing() throws Exception {
        TokenPointer before = app.tokens().pointer("default").orElseThrow();
        try (RieFunction f = RieFunction.start(JAR, HANDLER, env, Path.of("target", "rie-sync-malformed.log"))) {
            RieFunction.Invocation r = f.invoke(RepoFiles.event("malformed-sync.json"));
            assertTrue(r.body().contains("malformed sync event: 'tenant' must be a string"), r.body());
        }
        assertEquals(before, app.tokens().pointer("default").orElseThrow());
        assertEquals(0, cc.counters().totalApiRequests());
    }

    @Test
    void missingConfigurationIsOneLineNamingTheVariables() throws Exception {
        Map<String, String> broken = new java.util.HashMap<>(env);
        broken.remove("STATE_TABLE");
        broken.remove("CLIENT_SECRET_ID");
        try (RieFunction f = RieFunction.start(JAR, HANDLER, broken, Path.of("target", "rie-sync-config.log"))) {
            RieFunction.Invocation r = f.invoke(RepoFiles.event("scheduled-sync.json"));
            assertTrue(r.body().contains("configuration: STATE_TABLE is not set; CLIENT_SECRET_ID is not set"), r.body());
        }
    }

    @Test
    void unreachableConstantContactIsNamedAndLeavesTokensAsTheyWere() throws Exception {
        Map<String, String> unreachable = new java.util.HashMap<>(env);
        unreachable.put("CC_API_BASE_URL", "http://127.0.0.1:9");
        TokenPointer before = app.tokens().pointer("default").orElseThrow();
        try (RieFunction f = RieFunction.start(JAR, HANDLER, unreachable, Path.of("target", "rie-sync-unreachable.log"))) {
            RieFunction.Invocation r = f.invoke(RepoFiles.event("scheduled-sync.json"));
            assertTrue(r.body().contains("Constant Contact API: GET /v3/reports/summary_reports/email_campaign_summaries"), r.body());
            assertTrue(r.body().contains("cannot connect to http://127.0.0.1:9"), r.body());
        }
        assertEquals(before, app.tokens().pointer("default").orElseThrow());
    }
}
