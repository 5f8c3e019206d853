package io.ccheadless.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.http.HttpExchange;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** CC's OAuth2 token endpoint over HTTP: confidential client, Basic auth, form body. */
public final class OAuthClient implements TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DESCRIPTION = 200;

    private final HttpExchange http;
    private final URI tokenUri;
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
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public TokenSet refresh(TokenSet current, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken().reveal());
        JsonNode body = post(form);
        return toTokenSet(body, now, current);
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
        JsonNode body = post(form);
        if (!body.hasNonNull("refresh_token")) {
            throw new OAuthException("CC issued no refresh token: the authorization must include the offline_access scope",
                    200, "no_refresh_token", false, null);
        }
        return toTokenSet(body, now, null);
    }

    private JsonNode post(Map<String, String> form) {
        ClientCredentials c = client.get();
        String basic = Base64.getEncoder().encodeToString(
                (c.clientId() + ":" + c.clientSecret().reveal()).getBytes(StandardCharsets.UTF_8));
        String encoded = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpExchange.Response r;
        try {
            r = http.send("POST", tokenUri, Map.of(
                    "Authorization", "Basic " + basic,
                    "Content-Type", "application/x-www-form-urlencoded",
                    "Accept", "application/json"), encoded);
        } catch (HttpExchange.TransportException e) {
            throw new OAuthException("token endpoint: " + e.getMessage(), 0, e.maybeProcessed() ? "no_response" : "unreachable",
                    true, null);
        }
        JsonNode body = parse(r.body());
        if (r.ok()) {
            if (body == null || !body.hasNonNull("access_token")) {
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
        throw new OAuthException("token endpoint answered " + r.status() + " " + error
                + (description.isEmpty() ? "" : ": " + description), r.status(), error,
                OAuthException.isRetryableStatus(r.status()), null);
    }

    private static TokenSet toTokenSet(JsonNode b, Instant now, TokenSet previous) {
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
        return new TokenSet(access, refresh, now.plusSeconds(expiresIn), scope, now, refreshIssued);
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
