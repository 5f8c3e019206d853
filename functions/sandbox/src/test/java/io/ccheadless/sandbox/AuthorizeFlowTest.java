package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.REDIRECT;
import static io.ccheadless.sandbox.TestHttp.enc;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuthorizeFlowTest {

    private static String authorizeUrl(CcSandbox sb, String clientId, String redirect, String scope, String extra) {
        return "/oauth2/default/v1/authorize?client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirect)
                + "&response_type=code&scope=" + scope + "&state=xyz123" + extra;
    }

    private static Map<String, String> query(String location) {
        return io.ccheadless.sandbox.http.Params.parse(URI.create(location).getRawQuery()).asMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getFirst()));
    }

    @Test
    void autoApproveRedirectsWithCodeAndStateAndTheCodeBuysATokenSet() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> r = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT,
                    "campaign_data+account_read+offline_access", ""));
            assertEquals(302, r.statusCode());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(REDIRECT + "?"), location);
            Map<String, String> q = query(location);
            assertEquals("xyz123", q.get("state"));
            HttpResponse<String> t = http.token(map("grant_type", "authorization_code", "code", q.get("code"),
                    "redirect_uri", REDIRECT));
            assertEquals(200, t.statusCode());
            assertEquals("campaign_data account_read offline_access", TestHttp.json(t).get("scope").asText());
        }
    }

    @Test
    void autoDenyRedirectsWithAccessDenied() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().consent(ConsentMode.AUTO_DENY).build())) {
            HttpResponse<String> r = new TestHttp(sb).get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data", ""));
            assertEquals(302, r.statusCode());
            Map<String, String> q = query(r.headers().firstValue("Location").orElseThrow());
            assertEquals("access_denied", q.get("error"));
            assertFalse(q.get("error_description").isBlank());
            assertEquals("xyz123", q.get("state"));
            assertFalse(q.containsKey("code"));
        }
    }

    @Test
    void manualConsentShowsAPageWhoseApproveButtonRedirectsWithACode() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().consent(ConsentMode.MANUAL).build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> page = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data", ""));
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("value=\"approve\"") && page.body().contains("value=\"deny\""));
            Matcher m = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(page.body());
            assertTrue(m.find());
            HttpResponse<String> decided = http.postForm("/oauth2/default/v1/authorize/consent",
                    map("request_id", m.group(1), "decision", "approve"), null, null);
            assertEquals(302, decided.statusCode());
            Map<String, String> q = query(decided.headers().firstValue("Location").orElseThrow());
            assertTrue(q.containsKey("code"));
            assertEquals("xyz123", q.get("state"));
            HttpResponse<String> again = http.postForm("/oauth2/default/v1/authorize/consent",
                    map("request_id", m.group(1), "decision", "approve"), null, null);
            assertEquals(400, again.statusCode(), "a consent request is decided once");
        }
    }

    @Test
    void manualConsentDenyRedirectsWithAccessDenied() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().consent(ConsentMode.MANUAL).build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> page = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data", ""));
            Matcher m = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(page.body());
            assertTrue(m.find());
            HttpResponse<String> decided = http.postForm("/oauth2/default/v1/authorize/consent",
                    map("request_id", m.group(1), "decision", "deny"), null, null);
            assertEquals("access_denied", query(decided.headers().firstValue("Location").orElseThrow()).get("error"));
        }
    }

    @Test
    void unknownClientGetsA400PageAndNoRedirect() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            HttpResponse<String> r = new TestHttp(sb).get(authorizeUrl(sb, "no-such-client", REDIRECT, "campaign_data", ""));
            assertEquals(400, r.statusCode());
            assertTrue(r.headers().firstValue("Location").isEmpty());
        }
    }

    @Test
    void unregisteredRedirectUriGetsA400PageUntilItIsRegistered() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String evil = "https://app.example.com/callback";
            HttpResponse<String> r = http.get(authorizeUrl(sb, sb.clientId(), evil, "campaign_data", ""));
            assertEquals(400, r.statusCode());
            assertTrue(r.headers().firstValue("Location").isEmpty());
            sb.control().registerRedirectUri(evil);
            HttpResponse<String> ok = http.get(authorizeUrl(sb, sb.clientId(), evil, "campaign_data", ""));
            assertEquals(302, ok.statusCode());
            assertTrue(ok.headers().firstValue("Location").orElseThrow().startsWith(evil + "?code="));
        }
    }

    @Test
    void withExactRedirectUrisALoopbackUriIsAcceptedOnlyAsRegistered() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().exactRedirectUris(true).build())) {
            TestHttp http = new TestHttp(sb);
            String loopback = "http://127.0.0.1:53682/callback";
            assertEquals(400, http.get(authorizeUrl(sb, sb.clientId(), loopback, "campaign_data", "")).statusCode(),
                    "never registered: refused, as CC does");
            sb.control().registerRedirectUri(loopback);
            assertEquals(302, http.get(authorizeUrl(sb, sb.clientId(), loopback, "campaign_data", "")).statusCode());
            assertEquals(400, http.get(authorizeUrl(sb, sb.clientId(), "http://127.0.0.1:53683/callback", "campaign_data",
                    "")).statusCode(), "another port is another URI");
            assertEquals(400, http.get(authorizeUrl(sb, sb.clientId(), loopback + "/", "campaign_data", "")).statusCode(),
                    "compared exactly");
        }
    }

    @Test
    void localhostRedirectOnAnyPortIsAllowed() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            HttpResponse<String> r = new TestHttp(sb).get(authorizeUrl(sb, sb.clientId(), "http://localhost:53682/cb",
                    "campaign_data", ""));
            assertEquals(302, r.statusCode());
        }
    }

    @Test
    void unknownScopeAndPlainPkceAreRefusedThroughTheRedirect() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> scope = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data+everything", ""));
            assertEquals("invalid_scope", query(scope.headers().firstValue("Location").orElseThrow()).get("error"));
            HttpResponse<String> plain = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data",
                    "&code_challenge=" + "a".repeat(43) + "&code_challenge_method=plain"));
            assertEquals("invalid_request", query(plain.headers().firstValue("Location").orElseThrow()).get("error"));
            HttpResponse<String> wrongType = http.get(authorizeUrl(sb, sb.clientId(), REDIRECT, "campaign_data", "")
                    .replace("response_type=code", "response_type=token"));
            assertEquals("unsupported_response_type",
                    query(wrongType.headers().firstValue("Location").orElseThrow()).get("error"));
        }
    }
}
