package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cch device-authorize} end to end: the CC sandbox in-process on its own (stepped) clock, the
 * state table and token secret on moto, the operator's "browser" following the printed link. The
 * deployment's client secret is deliberately wrong: nothing in a device-flow tenant's life may send it.
 */
class DeviceAuthorizeCommandTest {
    static final String T = "acme";
    static final Pattern LINK = Pattern.compile("(?m)^  (http\\S+)$");

    CcSandbox cc;
    Map<String, String> env;
    AwsClients aws;
    Clock clock;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    void start(SandboxConfig.Builder config) {
        cc = CcSandbox.start(config.clock(SandboxClock.fixed(Instant.parse("2026-11-01T09:00:00Z"))).campaigns(6).build());
        clock = cc.clock().asClock();
        env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), "not-the-client-secret");
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (cc != null) {
            cc.close();
        }
        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertFalse(all.matches("(?s).*eyJ[A-Za-z0-9_-]{8,}\\..*"), "a token was printed");
    }

    /** Runs the command; on wait number {@code visitAt} the operator opens the printed link (0: never). */
    int run(int visitAt) {
        Sleeper sleeper = new Sleeper() {
            int waits;

            @Override
            public void sleep(Duration d) {
                cc.clock().advance(d);
                if (++waits == visitAt) {
                    assertEquals(200, visit(printedLink()));
                }
            }
        };
        return Main.run(new String[] {"device-authorize", "--tenant", T}, new CliContext(env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock, sleeper));
    }

    URI printedLink() {
        Matcher m = LINK.matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
        return URI.create(m.group(1));
    }

    static int visit(URI link) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    CcHeadless app() {
        return new CcHeadless(Settings.fromEnvironment(env), aws, clock, new Log(l -> { }, clock, "test"), "test");
    }

    /** GET {@code path} on the sandbox API with the tenant's current access token (refreshed if needed); answers the status. */
    int apiStatus(CcHeadless app, String path) {
        AccessGrant g = app.tokens().accessToken(T, clock.instant().plus(Duration.ofMinutes(1)));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(cc.baseUri() + path))
                    .header("Authorization", "Bearer " + g.accessToken().reveal()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Everything stored for the tenant, raw: the pointer item and the token secret's version ids. */
    String storedState(CcHeadless app) {
        var item = aws.dynamo().getItem(b -> b.tableName(app.settings().stateTable()).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("tenant#" + T)))).item();
        List<String> versions;
        try {
            aws.secrets().describeSecret(b -> b.secretId(app.tokenSecretId(T)));   // moto answers 500, not 404, to listing a missing one
            versions = aws.secrets().listSecretVersionIds(b -> b.secretId(app.tokenSecretId(T))).versions().stream()
                    .map(v -> v.versionId()).sorted().toList();
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            versions = List.of();
        }
        return new TreeMap<>(item) + " versions=" + versions;
    }

    @Test
    void approvingThePrintedLinkConnectsTheTenantWhoseTokensThenRefreshWithoutTheSecret() {
        start(SandboxConfig.builder());

        assertEquals(0, run(2), err.toString(StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        URI link = printedLink();
        String userCode = link.getQuery().replace("user_code=", "");
        assertEquals(cc.baseUri() + "/activate", link.getScheme() + "://" + link.getAuthority() + link.getPath());
        assertTrue(printed.contains("Check that the page shows the code " + userCode + "."), printed);
        assertTrue(printed.contains("(polling every 5 s)"), printed);
        assertTrue(printed.matches("(?s).*Connected tenant 'acme' to Constant Contact account '[^'(]+' \\([a-z0-9]+\\) \\(generation 1\\)\\..*"), printed);
        CcHeadless app = app();
        TokenPointer p = app.tokens().pointer(T).orElseThrow();
        assertEquals(1, p.generation());
        assertEquals("authorized", p.lastOutcome());
        assertNull(p.lease());
        assertEquals(200, apiStatus(app, "/v3/account/summary"), "the stored access token works");

        cc.clock().advance(Duration.ofHours(25));   // expired: the next use refreshes, as a public client
        assertEquals(200, apiStatus(app, "/v3/emails"));
        TokenPointer refreshed = app.tokens().pointer(T).orElseThrow();
        assertEquals(2, refreshed.generation());
        assertEquals("refreshed", refreshed.lastOutcome());
    }

    @Test
    void aDeniedRequestExitsWith3AndChangesNothingStored() {
        start(SandboxConfig.builder());
        assertEquals(0, run(1), err.toString(StandardCharsets.UTF_8));
        CcHeadless app = app();
        String before = storedState(app);
        cc.control().setConsent(ConsentMode.AUTO_DENY);   // the owner clicks Deny this time
        out.reset();

        assertEquals(DeviceAuthorizeCommand.DENIED, run(2));

        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("cch: The request was denied at Constant Contact, so nothing was connected."), e);
        assertTrue(e.contains("cch device-authorize --tenant acme"), e);
        assertEquals(before, storedState(app));
    }

    @Test
    void anExpiredCodeExitsWith4AndStoresNothing() {
        start(SandboxConfig.builder().deviceCodeLifetime(Duration.ofSeconds(15)));

        assertEquals(DeviceAuthorizeCommand.EXPIRED, run(0));

        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("before anybody approved it, so nothing was connected"), e);
        CcHeadless app = app();
        assertTrue(app.tokens().pointer(T).filter(TokenPointer::connected).isEmpty(), "not connected");
        assertTrue(storedState(app).endsWith("versions=[]"), storedState(app));
    }
}
