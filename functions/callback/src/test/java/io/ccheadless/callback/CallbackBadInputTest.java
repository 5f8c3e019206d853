package io.ccheadless.callback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every way a callback can be wrong answers the right status and leaves the stored pointer and token
 * versions byte-for-byte as they were (the tenant is already connected at generation 1 before each case).
 */
class CallbackBadInputTest {
    static final String T = "acme";
    SteppingClock clock;
    CallbackFixture fx;
    CallbackHandler handler;
    List<String> logLines = new ArrayList<>();

    @BeforeEach
    void connectOnce() throws Exception {
        clock = new SteppingClock(Instant.now());
        fx = new CallbackFixture(clock);
        handler = new CallbackHandler(fx.app.callback(), clock, new Log(logLines::add, clock, "callback"));
        Map<String, String> q = CallbackFixture.consent(fx.app.authorization().begin(T, CallbackFixture.REDIRECT).url());
        assertEquals(200, call(q).getStatusCode());
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    APIGatewayV2HTTPResponse call(Map<String, String> query) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setQueryStringParameters(query);
        return handler.handle(e, null);
    }

    /** A freshly minted state and the code CC gave for it. */
    Map<String, String> minted() throws Exception {
        return CallbackFixture.consent(fx.app.authorization().begin(T, CallbackFixture.REDIRECT).url());
    }

    record Case(String name, int status, String says, Function<CallbackBadInputTest, Map<String, String>> query) {
    }

    static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> c = new HashMap<>(m);
        if (v == null) {
            c.remove(k);
        } else {
            c.put(k, v);
        }
        return c;
    }

    static final List<Case> CASES = List.of(
            new Case("consent denied", 403, "Access was not granted", t -> {
                Map<String, String> q = t.mintedUnchecked();
                return Map.of("error", "access_denied", "error_description", "The resource owner denied the request.", "state", q.get("state"));
            }),
            new Case("no state", 400, "no state parameter", t -> Map.of("code", "abc")),
            new Case("no parameters at all", 400, "no state parameter", t -> Map.of()),
            new Case("unknown state", 400, "unknown, has expired", t -> Map.of("code", "abc", "state", "bm90LW1pbnRlZC1ieS1hbi1vcGVyYXRvci4uLi4uLi4")),
            new Case("malformed state", 400, "state parameter is malformed", t -> Map.of("code", "abc", "state", "<script>")),
            new Case("expired state", 400, "unknown, has expired", t -> {
                Map<String, String> q = t.mintedUnchecked();
                t.clock.advance(Duration.ofMinutes(11));
                return q;
            }),
            new Case("replayed state", 400, "already used", t -> {
                Map<String, String> q = t.mintedUnchecked();
                assertEquals(200, t.call(q).getStatusCode());   // the legitimate use moves to generation 2 ...
                t.baseline = t.fx.storedState(T);               // ... which is the state the replay must not change
                return q;
            }),
            new Case("missing code", 400, "no authorization code", t -> with(t.mintedUnchecked(), "code", null)),
            new Case("malformed code", 400, "code is malformed", t -> with(t.mintedUnchecked(), "code", "a b\"<")),
            new Case("oversized parameter", 400, "too long", t -> with(t.mintedUnchecked(), "code", "x".repeat(5000))),
            new Case("code CC does not know", 400, "refused the authorization code", t -> with(t.mintedUnchecked(), "code", "bm90LWEtY29kZQ")),
            new Case("other error from CC", 400, "answered with an error (server_error)",
                    t -> Map.of("error", "server_error", "state", t.mintedUnchecked().get("state"))));

    String baseline;

    Map<String, String> mintedUnchecked() {
        try {
            return minted();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyBadCallbackAnswersItsStatusAndChangesNothingStored() {
        List<String> failures = new ArrayList<>();
        for (Case c : CASES) {
            baseline = fx.storedState(T);
            Map<String, String> q = c.query().apply(this);
            APIGatewayV2HTTPResponse r = call(q);
            String after = fx.storedState(T);
            if (r.getStatusCode() != c.status()) {
                failures.add(c.name() + ": status " + r.getStatusCode() + " (expected " + c.status() + ")");
            }
            if (!r.getBody().contains(c.says())) {
                failures.add(c.name() + ": page lacks '" + c.says() + "': " + r.getBody());
            }
            if (!after.equals(baseline)) {
                failures.add(c.name() + ": stored state changed");
            }
            if (!"no-store".equals(r.getHeaders().get("Cache-Control")) || !r.getHeaders().get("Content-Security-Policy").startsWith("default-src 'none'")) {
                failures.add(c.name() + ": security headers missing");
            }
            if (q.get("code") != null && q.get("code").length() > 8 && r.getBody().contains(q.get("code"))) {
                failures.add(c.name() + ": page echoes the code");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aCcOutageAnswers503AndChangesNothing() throws Exception {
        Map<String, String> q = minted();
        String before = fx.storedState(T);
        fx.cc.close();   // CC's authorization server goes away between consent and callback
        APIGatewayV2HTTPResponse r = call(q);
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertEquals(before, fx.storedState(T));
        // The page is generic with the invocation reference; the detail is in the log only.
        assertFalse(r.getBody().contains("did not answer usably"), r.getBody());
        assertTrue(r.getBody().contains("<code>local</code>"), r.getBody());
        assertTrue(logLines.stream().anyMatch(l -> l.contains("did not answer usably") && l.contains("\"invocation\":\"local\"")),
                String.join("\n", logLines));
    }

    @Test
    void anAttackerWithoutAwsCredentialsCannotConnectAnotherAccount() throws Exception {
        // The attacker has a real code for their own CC account, obtained with a state they made up:
        // they cannot mint states (that needs the operator's AWS credentials), so the callback refuses it.
        String before = fx.storedState(T);
        String code = fx.cc.issueAuthorizationCode(fx.cc.clientId(), CallbackFixture.REDIRECT.toString(),
                Set.of("account_read", "campaign_data", "offline_access"), null);
        APIGatewayV2HTTPResponse r = call(Map.of("code", code, "state", "YXR0YWNrZXItY2hvc2VuLXN0YXRl"));
        assertEquals(400, r.getStatusCode());
        assertEquals(before, fx.storedState(T));
        assertEquals(1, fx.app.tokens().pointer(T).orElseThrow().generation());
    }

    @Test
    void reauthorizationAfterReauthRequiredReturnsToActiveWithTheNextGeneration() throws Exception {
        assertTrue(fx.app.tokens().pointer(T).isPresent());
        // Mark the chain dead the way the protocol does, then authorize again through the callback.
        assertTrue(new io.ccheadless.aws.store.DynamoPointerStore(fx.aws.dynamo(), fx.settings.stateTable())
                .markReauthRequired(T, 1, "test: revoked"));
        APIGatewayV2HTTPResponse r = call(minted());
        assertEquals(200, r.getStatusCode(), r.getBody());
        var p = fx.app.tokens().pointer(T).orElseThrow();
        assertEquals(2, p.generation());
        assertEquals(io.ccheadless.core.token.ConnectionStatus.ACTIVE, p.status());
    }

    @Test
    void logLinesNameNoCodeStateOrToken() throws Exception {
        Map<String, String> q = minted();
        call(q);
        call(q);   // replay
        for (String l : logLines) {
            assertFalse(l.contains(q.get("code")), l);
            assertFalse(l.contains(q.get("state")), l);
            assertFalse(l.matches(".*eyJ[A-Za-z0-9_-]{8,}\\..*"), l);
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("callback refused")));
    }
}
