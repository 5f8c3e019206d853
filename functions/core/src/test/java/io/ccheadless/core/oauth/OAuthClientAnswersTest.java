package io.ccheadless.core.oauth;

import com.sun.net.httpserver.HttpServer;
import io.ccheadless.core.http.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What the token endpoint's 2xx answers become (docs/token-lifecycle.md, "Unusable answers"): a usable refresh
 * token is never thrown away, and an answer with nothing usable is ambiguous, like a lost one.
 */
class OAuthClientAnswersTest {
    static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
    static final TokenSet CURRENT = new TokenSet(Secret.of("at-old"), Secret.of("rt-old"), NOW.plusSeconds(60), "campaign_data",
            NOW.minusSeconds(86_340), NOW.minusSeconds(86_340));

    HttpServer server;
    volatile int status = 200;
    volatile String answer = "{}";
    OAuthClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                x.getResponseBody().write(b);
            }
            x.close();
        });
        server.start();
        client = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/default/v1"),
                new ClientCredentials("the-api-key", Secret.of("the-client-secret")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest(name = "expires_in {0} → {1} s")
    @CsvSource(delimiter = '|', value = {
            "86400|86400", "3600|3600", "\"3600\"|3600", "1|1", "0|300", "-5|300", "\"soon\"|300", "null|300",
            "1000000000|86400", "86400.9|86400", "0.5|300"})
    void expiresInIsUsedClampedOrReplaced(String expiresIn, long seconds) {
        answer = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\",\"expires_in\":" + expiresIn + "}";
        TokenSet t = client.refresh(CURRENT, NOW);
        assertEquals(NOW.plusSeconds(seconds), t.accessTokenExpiresAt());
        assertEquals(Secret.of("rt-new"), t.refreshToken());
        assertEquals(NOW, t.refreshTokenIssuedAt());
    }

    @Test
    void aMissingExpiresInIsClampedAndTheNewRefreshTokenKept() {
        answer = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\"}";
        TokenSet t = client.refresh(CURRENT, NOW);
        assertEquals(NOW.plusSeconds(OAuthClient.UNKNOWN_LIFETIME_SECONDS), t.accessTokenExpiresAt());
        assertEquals(Secret.of("at-new"), t.accessToken());
    }

    @Test
    void anEmptyAccessTokenStillKeepsTheNewRefreshTokenAsAnExpiredSet() {
        answer = "{\"access_token\":\"\",\"refresh_token\":\"rt-new\",\"expires_in\":86400}";
        TokenSet t = client.refresh(CURRENT, NOW);
        assertFalse(t.hasAccessToken());
        assertEquals(NOW, t.accessTokenExpiresAt(), "counts as expired: the next caller redeems rt-new");
        assertEquals(Secret.of("rt-new"), t.refreshToken());
        assertEquals("campaign_data", t.scope(), "the previous scope when none is given");
    }

    @Test
    void aLongLivedAnswerWithoutARefreshTokenKeepsTheCurrentOne() {
        answer = "{\"access_token\":\"at-new\",\"expires_in\":86400,\"scope\":\"campaign_data offline_access\"}";
        TokenSet t = client.refresh(CURRENT, NOW);
        assertEquals(Secret.of("rt-old"), t.refreshToken());
        assertEquals(CURRENT.refreshTokenIssuedAt(), t.refreshTokenIssuedAt());
        assertEquals("campaign_data offline_access", t.scope());
    }

    @Test
    void theSameRefreshTokenAgainKeepsItsIssueTime() {
        answer = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-old\",\"expires_in\":86400}";
        assertEquals(CURRENT.refreshTokenIssuedAt(), client.refresh(CURRENT, NOW).refreshTokenIssuedAt());
    }

    @Test
    void anAnswerWithNeitherTokenIsAmbiguous() {
        for (String body : new String[]{"{}", "{\"access_token\":\"\",\"refresh_token\":\"  \"}", "{\"refresh_token\":42}",
                "{\"token_type\":\"Bearer\",\"expires_in\":86400}"}) {
            answer = body;
            OAuthException e = assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW), body);
            assertTrue(e.ambiguous(), body);
            assertTrue(e.retryable(), body);
            assertEquals(OAuthException.UNUSABLE_ANSWER, e.error());
        }
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsAmbiguous() {
        for (String body : new String[]{"<html>oops</html>", "", "[1,2]", "\"text\"", "{\"access_token\":"}) {
            answer = body;
            OAuthException e = assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW), body);
            assertTrue(e.ambiguous(), "'" + body + "' may have rotated the chain");
            assertFalse(e.getMessage().contains("rt-old"), e.getMessage());
            assertEquals("token endpoint answered 200 with a body that is not a JSON object", e.getMessage(), body);
        }
    }

    @Test
    void aCodeExchangeWithoutARefreshTokenIsARefusalNamingOfflineAccess() {
        answer = "{\"access_token\":\"at-new\",\"expires_in\":86400}";
        OAuthException e = assertThrows(OAuthException.class, () -> client.exchangeCode("code", "https://cb", null, NOW));
        assertEquals("no_refresh_token", e.error());
        assertFalse(e.retryable());
        assertFalse(e.ambiguous());
        assertTrue(e.getMessage().contains("offline_access"));
    }

    @Test
    void aCodeExchangeWithNothingUsableIsAmbiguousSoTheCodeIsNotSentAgain() {
        answer = "not json";
        OAuthException e = assertThrows(OAuthException.class, () -> client.exchangeCode("code", "https://cb", null, NOW));
        assertTrue(e.ambiguous());
    }

    @Test
    void errorsKeepTheirMeaning() {
        status = 400;
        answer = "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is invalid or expired.\"}";
        assertThrows(InvalidGrantException.class, () -> client.refresh(CURRENT, NOW));
        status = 503;
        answer = "";
        OAuthException e = assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW));
        assertTrue(e.retryable());
        assertFalse(e.ambiguous(), "an answered 503 was not processed");
        assertEquals(503, e.status());
        status = 401;
        answer = "{\"error\":\"invalid_client\"}";
        OAuthException refused = assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW));
        assertFalse(refused.retryable());
        assertEquals("invalid_client", refused.error());
        assertEquals(401, refused.status());
    }

    @Test
    void aFourOhOneIsInvalidClientUnlessItsBodySaysOtherwise() {
        // The real transport drops a 401's body (see UrlConnectionTransport); over one that keeps it, the body's error wins.
        assertEquals("invalid_client", errorOver(401, ""));
        assertEquals("invalid_client", errorOver(401, "<html>Unauthorized</html>"));
        assertEquals("unauthorized_client", errorOver(401, "{\"error\":\"unauthorized_client\"}"));
        assertEquals("http_403", errorOver(403, ""));
        assertEquals("http_500", errorOver(500, "[]"));
    }

    private static String errorOver(int status, String body) {
        OAuthClient over = new OAuthClient(new HttpExchange((m, u, h, b, t) -> new HttpExchange.Response(status, body, null, null),
                Duration.ofSeconds(5)), URI.create("http://127.0.0.1:1/oauth2/default/v1"),
                new ClientCredentials("the-api-key", Secret.of("the-client-secret")));
        return assertThrows(OAuthException.class, () -> over.refresh(CURRENT, NOW)).error();
    }

    @Test
    void aLongErrorDescriptionIsCutAndNeverCarriesTheRefreshToken() {
        status = 400;
        answer = "{\"error\":\"invalid_request\",\"error_description\":\"" + "x".repeat(500) + "\"}";
        OAuthException e = assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW));
        assertTrue(e.getMessage().endsWith("x".repeat(200) + "…"), e.getMessage());
        assertFalse(e.getMessage().contains("x".repeat(201)));
        answer = "{\"error\":\"invalid_request\",\"error_description\":\"" + "y".repeat(200) + "\"}";
        assertTrue(assertThrows(OAuthException.class, () -> client.refresh(CURRENT, NOW)).getMessage().endsWith("y".repeat(200)),
                "200 characters are kept whole");
        assertFalse(e.getMessage().contains("rt-old"));
    }

    @Test
    void aBooleanOrObjectExpiresInCountsAsUnknown() {
        for (String v : new String[]{"true", "{}", "[]"}) {
            answer = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\",\"expires_in\":" + v + "}";
            assertEquals(NOW.plusSeconds(OAuthClient.UNKNOWN_LIFETIME_SECONDS), client.refresh(CURRENT, NOW).accessTokenExpiresAt(), v);
        }
        answer = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\",\"expires_in\":86401}";
        assertEquals(NOW.plusSeconds(86_400), client.refresh(CURRENT, NOW).accessTokenExpiresAt());
    }
}
