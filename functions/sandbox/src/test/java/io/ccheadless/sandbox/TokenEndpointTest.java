package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.REDIRECT;
import static io.ccheadless.sandbox.TestHttp.json;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier-0123456789";

    static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static JsonNode claims(String jwt) throws Exception {
        return TestHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void codeExchangeReturnsABearerJwtFor24HoursAndAnOpaqueRefreshTokenWithOfflineAccess() throws Exception {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            JsonNode t = new TestHttp(sb).login("campaign_data account_read offline_access");
            assertEquals("Bearer", t.get("token_type").asText());
            assertEquals(86_400, t.get("expires_in").asLong());
            assertEquals("campaign_data account_read offline_access", t.get("scope").asText());
            String rt = t.get("refresh_token").asText();
            assertEquals(42, rt.length());
            assertTrue(rt.matches("[A-Za-z0-9_-]+"));
            JsonNode c = claims(t.get("access_token").asText());
            assertEquals("https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8", c.get("iss").asText());
            assertEquals("https://api.cc.email/v3", c.get("aud").asText());
            assertEquals(Sandboxes.T0.getEpochSecond(), c.get("iat").asLong());
            assertEquals(c.get("iat").asLong() + 86_400, c.get("exp").asLong());
            assertEquals(sb.clientId(), c.get("cid").asText());
            assertTrue(c.get("scp").isArray());
            assertEquals(3, c.get("scp").size());
            assertFalse(c.get("sub").asText().isBlank());
            assertFalse(c.get("jti").asText().isBlank());
        }
    }

    @Test
    void withoutOfflineAccessNoRefreshTokenIsReturned() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            JsonNode t = new TestHttp(sb).login("campaign_data");
            assertFalse(t.has("refresh_token"));
            assertTrue(t.has("access_token"));
        }
    }

    @Test
    void accessTokenSignatureVerifiesWithTheJwksKey() throws Exception {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String jwt = http.login("campaign_data").get("access_token").asText();
            HttpResponse<String> keys = http.get("/oauth2/default/v1/keys");
            assertEquals(200, keys.statusCode());
            JsonNode key = json(keys).get("keys").get(0);
            assertEquals("RS256", key.get("alg").asText());
            JsonNode header = TestHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
            assertEquals(key.get("kid").asText(), header.get("kid").asText());
            assertEquals("RS256", header.get("alg").asText());
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText())),
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText()))));
            String[] parts = jwt.split("\\.");
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(pub);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(s.verify(Base64.getUrlDecoder().decode(parts[2])));
        }
    }

    @Test
    void aCodeWorksOnceOnly() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String code = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            var form = map("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
            assertEquals(200, http.token(form).statusCode());
            HttpResponse<String> again = http.token(form);
            assertEquals(400, again.statusCode());
            assertEquals("invalid_grant", json(again).get("error").asText());
        }
    }

    @Test
    void aCodeExpiresAfterFiveMinutesOnTheSandboxClock() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String fresh = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            String stale = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            sb.clock().advance(Duration.ofSeconds(299));
            assertEquals(200, http.token(map("grant_type", "authorization_code", "code", fresh, "redirect_uri", REDIRECT))
                    .statusCode());
            sb.clock().advance(Duration.ofSeconds(1));
            HttpResponse<String> r = http.token(map("grant_type", "authorization_code", "code", stale, "redirect_uri", REDIRECT));
            assertEquals(400, r.statusCode());
            assertEquals("invalid_grant", json(r).get("error").asText());
        }
    }

    @Test
    void redirectUriMustMatchTheOneOfTheAuthorizationRequest() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            String code = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            HttpResponse<String> r = new TestHttp(sb).token(map("grant_type", "authorization_code", "code", code,
                    "redirect_uri", "http://127.0.0.1:9999/other"));
            assertEquals(400, r.statusCode());
            assertEquals("invalid_grant", json(r).get("error").asText());
        }
    }

    @Test
    void pkceExchangeNeedsNoSecretButTheRightVerifier() throws Exception {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String good = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data", "offline_access"),
                    challenge(VERIFIER));
            HttpResponse<String> ok = http.postForm("/oauth2/default/v1/token", map("grant_type", "authorization_code",
                    "code", good, "redirect_uri", REDIRECT, "client_id", sb.clientId(), "code_verifier", VERIFIER), null, null);
            assertEquals(200, ok.statusCode());
            // a chain started without the secret refreshes with client_id only
            HttpResponse<String> refreshed = http.postForm("/oauth2/default/v1/token", map("grant_type", "refresh_token",
                    "refresh_token", json(ok).get("refresh_token").asText(), "client_id", sb.clientId()), null, null);
            assertEquals(200, refreshed.statusCode());

            String other = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), challenge(VERIFIER));
            HttpResponse<String> bad = http.postForm("/oauth2/default/v1/token", map("grant_type", "authorization_code",
                    "code", other, "redirect_uri", REDIRECT, "client_id", sb.clientId(),
                    "code_verifier", VERIFIER.replace('0', '1')), null, null);
            assertEquals(400, bad.statusCode());
            assertEquals("invalid_grant", json(bad).get("error").asText());
        }
    }

    @Test
    void withoutPkceTheCodeExchangeNeedsTheClientSecret() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            TestHttp http = new TestHttp(sb);
            String code = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            HttpResponse<String> noSecret = http.postForm("/oauth2/default/v1/token", map("grant_type", "authorization_code",
                    "code", code, "redirect_uri", REDIRECT, "client_id", sb.clientId()), null, null);
            assertEquals(401, noSecret.statusCode());
            assertEquals("invalid_client", json(noSecret).get("error").asText());
        }
    }

    @Test
    void wrongClientSecretIs401InvalidClient() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            String code = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            HttpResponse<String> r = new TestHttp(sb).postForm("/oauth2/default/v1/token", map("grant_type",
                    "authorization_code", "code", code, "redirect_uri", REDIRECT), sb.clientId(), "not-the-secret");
            assertEquals(401, r.statusCode());
            assertEquals("invalid_client", json(r).get("error").asText());
            assertTrue(json(r).has("error_description"));
        }
    }

    @Test
    void parametersAreAcceptedInTheQueryStringOfThePost() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            String code = sb.issueAuthorizationCode(sb.clientId(), REDIRECT, Set.of("campaign_data"), null);
            String basic = Base64.getEncoder().encodeToString((sb.clientId() + ":" + sb.clientSecret())
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(sb.authBaseUri().resolve("/oauth2/default/v1/token?"
                            + TestHttp.form(map("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT))))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> r = new TestHttp(sb).send(req);
            assertEquals(200, r.statusCode());
        }
    }

    @Test
    void unknownGrantTypeIsUnsupported() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().build())) {
            HttpResponse<String> r = new TestHttp(sb).token(map("grant_type", "password"));
            assertEquals(400, r.statusCode());
            assertEquals("unsupported_grant_type", json(r).get("error").asText());
        }
    }

    @Test
    void tokenEndpointAllowsOneRequestPerSecondPerClient() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().tokenEndpointRateLimit(true).build())) {
            TestHttp http = new TestHttp(sb);
            JsonNode t = http.login("campaign_data offline_access");
            HttpResponse<String> tooSoon = http.refresh(t.get("refresh_token").asText());
            assertEquals(429, tooSoon.statusCode());
            assertTrue(tooSoon.headers().firstValue("Retry-After").isEmpty(), "no Retry-After by default");
            assertEquals(1, sb.counters().redemptions().stream()
                    .filter(r -> r.outcome() == RedemptionOutcome.RATE_LIMITED).count());
            // a public client named by client_id is a different key
            HttpResponse<String> other = http.postForm("/oauth2/default/v1/token", map("grant_type", "refresh_token",
                    "refresh_token", "x", "client_id", "someone-else"), null, null);
            assertEquals(401, other.statusCode());
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals(200, http.refresh(t.get("refresh_token").asText()).statusCode(),
                    "the refused request did not consume the token");
        }
    }
}
