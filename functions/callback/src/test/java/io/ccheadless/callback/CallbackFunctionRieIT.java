package io.ccheadless.callback;

import io.ccheadless.aws.testing.RepoFiles;
import io.ccheadless.aws.testing.RieFunction;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.token.TokenPointer;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Browser-free end to end: the operator mints a link, the sandbox's consent approves it, the packaged
 * CallbackFunction (under the Runtime Interface Emulator, fed events/callback-success.json) stores the
 * tokens, and a scheduled sync then succeeds with them.
 */
class CallbackFunctionRieIT {
    static final Path JAR = Path.of("target", "cch-callback-function-0.1.0-SNAPSHOT-lambda.jar");
    static final String HANDLER = "io.ccheadless.callback.CallbackHandler::handleRequest";

    @Test
    void mintConsentCallbackThenSync() throws Exception {
        RieFunction.rie();
        try (CallbackFixture fx = new CallbackFixture(Clock.systemUTC())) {
            Map<String, String> q = CallbackFixture.consent(fx.app.authorization().begin("default", CallbackFixture.REDIRECT).url());
            String event = RepoFiles.event("callback-success.json")
                    .replace("SANDBOX_CODE", q.get("code"))
                    .replace("SANDBOX_STATE", q.get("state"));
            try (RieFunction f = RieFunction.start(JAR, HANDLER, fx.env, Path.of("target", "rie-callback.log"))) {
                RieFunction.Invocation r = f.invoke(event);
                assertTrue(r.body().contains("\"statusCode\":200"), r.body());
                assertTrue(r.body().contains("is now connected"), r.body());
                assertFalse(r.body().contains(q.get("code")), "the page never echoes the code");

                RieFunction.Invocation replay = f.invoke(event);
                assertTrue(replay.body().contains("\"statusCode\":400"), replay.body());

                RieFunction.Invocation denied = f.invoke(RepoFiles.event("callback-denied.json").replace("SANDBOX_STATE",
                        URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)));
                assertTrue(denied.body().contains("\"statusCode\":4"), denied.body());
            }
            TokenPointer p = fx.app.tokens().pointer("default").orElseThrow();
            assertEquals(1, p.generation());
            SyncReport sync = fx.app.scheduledSync().run("default", Instant.now().plusSeconds(60));
            assertTrue(sync.campaignsSeen() > 0, "the sync runs on the stored tokens");
            assertEquals(0, fx.cc.counters().invalidGrants());
        }
    }
}
