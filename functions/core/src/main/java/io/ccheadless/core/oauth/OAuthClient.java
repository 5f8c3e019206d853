package io.ccheadless.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.http.HttpExchange;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * CC's OAuth2 token endpoint over HTTP, form bodies. A confidential client (authorization code) authenticates
 * with Basic auth; a public one (device flow, and every refresh of a {@link ClientType#PUBLIC} chain) sends
 * only {@code client_id} and never the secret (NOTES §2.6, §2.8).
 */
public final class OAuthClient implements TokenEndpoint, DeviceCodeEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DESCRIPTION = 200;
    /** RFC 8628 §3.4. */
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final HttpExchange http;
    private final URI tokenUri;
    private final URI deviceUri;
    private final java.util.function.Supplier<ClientCredentials> client;

    /** @param authBase e.g. {@code https://authz.constantcontact.com/oauth2/default/v1} */
    public OAuthClient(HttpExchange http, URI authBase, ClientCredentials client) {
        this(http, authBase, () -> client);
        Objects.requireNonNull(client, "client");
    }

    /** Credentials read on first use (so a SnapStart snapshot never holds them). */
    public OAuthClient(HttpExchange http, URI authBase, java.util.function.Supplier<ClientCredentials> client) {
        this.http = Objects.requireNonNull(http, "http");
        this.tokenUri = URI.create(Objects.requireNonNull(authBase, "authBase").toString().replaceAll("/+$", "") + "/token");
        this.deviceUri = URI.create(authBase.toString().replaceAll("/+$", "") + "/device/authorize");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public TokenSet refresh(TokenSet current, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken().reveal());
        JsonNode body = post(form, current.client());
        return toTokenSet(body, now, current, current.client());
    }

    @Override
    public TokenSet exchangeCode(String code, String redirectUri, String codeVerifier, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", Objects.requireNonNull(code, "code"));
        form.put("redirect_uri", Objects.requireNonNull(redirectUri, "redirectUri"));
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        JsonNode body = post(form, ClientType.CONFIDENTIAL);
        requireRefreshToken(body);
        return toTokenSet(body, now, null, ClientType.CONFIDENTIAL);
    }

    @Override
    public DeviceCode requestDeviceCode(String scope, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", Objects.requireNonNull(scope, "scope"));
        JsonNode b = send(deviceUri, form, ClientType.PUBLIC);
        if (b == null || !b.hasNonNull("device_code") || !b.hasNonNull("user_code") || !b.hasNonNull("verification_uri")) {
            throw malformed("device authorization answered without device_code, user_code or verification_uri");
        }
        long expiresIn = b.path("expires_in").asLong(0);
        long interval = b.hasNonNull("interval") ? b.get("interval").asLong(0) : 5;   // RFC 8628 §3.2: 5 s when absent
        if (expiresIn <= 0) {
            throw malformed("device authorization answered without a positive expires_in");
        }
        try {
            return new DeviceCode(Secret.of(b.get("device_code").asText()), b.get("user_code").asText(),
                    URI.create(b.get("verification_uri").asText()),
                    b.hasNonNull("verification_uri_complete") ? URI.create(b.get("verification_uri_complete").asText()) : null,
                    now.plusSeconds(expiresIn), Duration.ofSeconds(Math.max(1, interval)));
        } catch (IllegalArgumentException e) {
            throw malformed("device authorization answer is malformed: " + e.getMessage());
        }
    }

    @Override
    public TokenSet pollDeviceCode(Secret deviceCode, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_CODE_GRANT);
        form.put("device_code", Objects.requireNonNull(deviceCode, "deviceCode").reveal());
        JsonNode body = post(form, ClientType.PUBLIC);
        requireRefreshToken(body);
        return toTokenSet(body, now, null, ClientType.PUBLIC);
    }

    private static void requireRefreshToken(JsonNode body) {
        if (!body.hasNonNull("refresh_token")) {
            throw new OAuthException("CC issued no refresh token: the authorization must include the offline_access scope",
                    200, "no_refresh_token", false, null);
        }
    }

    private static OAuthException malformed(String message) {
        return new OAuthException(message, 200, "malformed_response", false, null);
    }

    private JsonNode post(Map<String, String> form, ClientType clientType) {
        return send(tokenUri, form, clientType);
    }

    /**
     * POSTs {@code form} authenticated as {@code clientType}: answers a 2xx body (one from the token endpoint
     * always carries an access token; from the device endpoint it may be null), throws for the rest.
     */
    private JsonNode send(URI uri, Map<String, String> form, ClientType clientType) {
        String endpoint = uri.equals(tokenUri) ? "token endpoint" : "device authorization endpoint";
        ClientCredentials c = client.get();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (clientType == ClientType.PUBLIC) {
            fields.put("client_id", c.clientId());   // a public client: no secret, in any form
        } else {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (c.clientId() + ":" + c.clientSecret().reveal()).getBytes(StandardCharsets.UTF_8)));
        }
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        String encoded = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpExchange.Response r;
        try {
            r = http.send("POST", uri, headers, encoded);
        } catch (HttpExchange.TransportException e) {
            throw new OAuthException(endpoint + ": " + e.getMessage(), 0, e.maybeProcessed() ? OAuthException.NO_RESPONSE : "unreachable",
                    true, null);
        }
        JsonNode body = parse(r.body());
        if (r.ok()) {
            if (uri.equals(tokenUri) && (body == null || !body.hasNonNull("access_token"))) {
                throw new OAuthException("token endpoint answered " + r.status() + " without an access_token", r.status(),
                        "malformed_response", true, null);
            }
            return body;
        }
        String error = body != null && body.hasNonNull("error") ? body.get("error").asText() : "http_" + r.status();
        String description = body != null && body.hasNonNull("error_description")
                ? truncate(body.get("error_description").asText()) : "";
        if ("invalid_grant".equals(error)) {
            throw new InvalidGrantException(description);
        }
        throw new OAuthException(endpoint + " answered " + r.status() + " " + error
                + (description.isEmpty() ? "" : ": " + description), r.status(), error,
                OAuthException.isRetryableStatus(r.status()), null);
    }

    private static TokenSet toTokenSet(JsonNode b, Instant now, TokenSet previous, ClientType clientType) {
        long expiresIn = b.path("expires_in").asLong(0);
        if (expiresIn <= 0) {
            throw new OAuthException("token endpoint answered without a positive expires_in", 200, "malformed_response", true, null);
        }
        Secret access = Secret.of(b.get("access_token").asText());
        Secret refresh;
        Instant refreshIssued;
        if (b.hasNonNull("refresh_token") && !b.get("refresh_token").asText().isBlank()) {
            refresh = Secret.of(b.get("refresh_token").asText());
            boolean same = previous != null && previous.refreshToken().equals(refresh);
            refreshIssued = same ? previous.refreshTokenIssuedAt() : now;
        } else if (previous != null) {
            refresh = previous.refreshToken();      // long-lived mode may omit it: keep the old one
            refreshIssued = previous.refreshTokenIssuedAt();
        } else {
            throw new OAuthException("token endpoint answered without a refresh_token", 200, "malformed_response", false, null);
        }
        String scope = b.hasNonNull("scope") ? b.get("scope").asText() : previous != null ? previous.scope() : "";
        return new TokenSet(access, refresh, now.plusSeconds(expiresIn), scope, now, refreshIssued, clientType);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String truncate(String s) {
        return s.length() > MAX_DESCRIPTION ? s.substring(0, MAX_DESCRIPTION) + "…" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
