package io.ccheadless.core.oauth;

import com.sun.net.httpserver.HttpServer;
import io.ccheadless.core.http.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What goes on the wire for each client type: a confidential chain authenticates with Basic auth; the
 * device flow and a public chain's refresh send {@code client_id} in the form and never the secret.
 */
class OAuthClientClientTypeTest {
    static final String SECRET = "s3cr3t-client-secret";
    static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

    record Seen(String path, String authorization, String body) {
    }

    HttpServer server;
    final List<Seen> seen = new ArrayList<>();
    OAuthClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(x.getRequestURI().getPath(), x.getRequestHeaders().getFirst("Authorization"), body));
            String answer = x.getRequestURI().getPath().endsWith("/device/authorize")
                    ? "{\"device_code\":\"dc-1\",\"user_code\":\"BCDF-GHJK\",\"verification_uri\":\"https://cc.example/activate\","
                      + "\"verification_uri_complete\":\"https://cc.example/activate?user_code=BCDF-GHJK\",\"expires_in\":600}"
                    : "{\"access_token\":\"at-next\",\"refresh_token\":\"rt-next\",\"expires_in\":86400,\"token_type\":\"Bearer\"}";
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        client = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/default/v1"),
                new ClientCredentials("the-api-key", Secret.of(SECRET)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static TokenSet current(ClientType type) {
        return new TokenSet(Secret.of("at-1"), Secret.of("rt-1"), NOW.plusSeconds(60), "campaign_data", NOW.minusSeconds(60),
                NOW.minusSeconds(60), type);
    }

    void assertPublic(Seen s) {
        assertNull(s.authorization(), "a public client sends no Authorization header");
        assertTrue(s.body().contains("client_id=the-api-key"), s.body());
        assertFalse(s.body().contains(SECRET) || s.body().contains("client_secret"), s.body());
    }

    @Test
    void aConfidentialRefreshUsesBasicAuthAndStaysConfidential() {
        TokenSet next = client.refresh(current(ClientType.CONFIDENTIAL), NOW);
        Seen s = seen.getFirst();
        assertEquals("/oauth2/default/v1/token", s.path());
        assertEquals("Basic dGhlLWFwaS1rZXk6czNjcjN0LWNsaWVudC1zZWNyZXQ=", s.authorization());   // the-api-key:s3cr3t-client-secret
        assertEquals("grant_type=refresh_token&refresh_token=rt-1", s.body());
        assertEquals(ClientType.CONFIDENTIAL, next.client());
    }

    @Test
    void aPublicRefreshSendsTheClientIdAndNoSecretAndStaysPublic() {
        TokenSet next = client.refresh(current(ClientType.PUBLIC), NOW);
        Seen s = seen.getFirst();
        assertEquals("/oauth2/default/v1/token", s.path());
        assertPublic(s);
        assertTrue(s.body().startsWith("grant_type=refresh_token&refresh_token=rt-1"), s.body());
        assertEquals(ClientType.PUBLIC, next.client());
        assertEquals(Secret.of("rt-next"), next.refreshToken());
    }

    @Test
    void theDeviceFlowIsAPublicClientsAndItsTokenSetIsPublic() {
        DeviceCode code = client.requestDeviceCode("account_read campaign_data offline_access", NOW);
        assertEquals("/oauth2/default/v1/device/authorize", seen.get(0).path());
        assertPublic(seen.get(0));
        assertTrue(seen.get(0).body().contains("scope=account_read+campaign_data+offline_access"), seen.get(0).body());
        assertEquals("BCDF-GHJK", code.userCode());
        assertEquals(URI.create("https://cc.example/activate?user_code=BCDF-GHJK"), code.linkToOpen());
        assertEquals(NOW.plusSeconds(600), code.expiresAt());
        assertEquals(Duration.ofSeconds(5), code.interval(), "RFC 8628: 5 s when CC names no interval");

        TokenSet first = client.pollDeviceCode(code.deviceCode(), NOW);
        assertEquals("/oauth2/default/v1/token", seen.get(1).path());
        assertPublic(seen.get(1));
        assertTrue(seen.get(1).body().startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                + "&device_code=dc-1"), seen.get(1).body());
        assertEquals(ClientType.PUBLIC, first.client());
    }

    @Test
    void theCodeExchangeStillUsesBasicAuth() {
        TokenSet first = client.exchangeCode("code-1", "https://x.example/cb", "verifier", NOW);
        assertTrue(seen.getFirst().authorization().startsWith("Basic "));
        assertEquals(ClientType.CONFIDENTIAL, first.client());
    }

    @Test
    void aDeviceFlowOnlyApplicationWithoutASecretPollsAndRefreshesPubliclyAndRefusesConfidentialCallsBeforeSending() {
        OAuthClient noSecret = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/default/v1"),
                ClientCredentials.publicClient("the-api-key"));

        TokenSet polled = noSecret.pollDeviceCode(Secret.of("dc-1"), NOW);
        assertEquals(ClientType.PUBLIC, polled.client());
        assertNotNull(noSecret.refresh(polled, NOW));
        assertEquals(2, seen.size());
        assertTrue(seen.stream().allMatch(x -> x.authorization() == null && x.body().contains("client_id=the-api-key")));

        OAuthException e = assertThrows(OAuthException.class, () -> noSecret.exchangeCode("code-1", "https://cb.example/cb", null, NOW));
        assertEquals("no_client_secret", e.error());
        assertFalse(e.retryable());
        TokenSet confidential = new TokenSet(Secret.of("at"), Secret.of("rt"), NOW.plusSeconds(60), "", NOW, NOW);
        assertEquals("no_client_secret", assertThrows(OAuthException.class, () -> noSecret.refresh(confidential, NOW)).error());
        assertEquals(2, seen.size(), "nothing was sent for either");
    }
}
