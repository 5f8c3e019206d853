package io.ccheadless.core.oauth;

import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.token.StoreUnavailableException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CC's OAuth2 token endpoint over HTTP, form bodies. A confidential client (authorization code) authenticates
 * with Basic auth; a public one (device flow, and every refresh of a {@link ClientType#PUBLIC} chain) sends
 * only {@code client_id} and never the secret (docs/cc-api.md §2.6, §2.8).
 */
public final class OAuthClient implements TokenEndpoint, DeviceCodeEndpoint {
    private static final int MAX_DESCRIPTION = 200;
    /** RFC 8628 §3.4. */
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final HttpExchange http;
    private final URI tokenUri;
    private final URI deviceUri;
    private final Supplier<ClientCredentials> client;

    /** @param authBase e.g. {@code https://authz.constantcontact.com/oauth2/default/v1} */
    public OAuthClient(HttpExchange http, URI authBase, ClientCredentials client) {
        this(http, authBase, () -> client);
        Objects.requireNonNull(client, "client");
    }

    /** Credentials read on first use (so a SnapStart snapshot never holds them). */
    public OAuthClient(HttpExchange http, URI authBase, Supplier<ClientCredentials> client) {
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
        return toTokenSet(post(form, current.client()), now, current, current.client());
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
        return toTokenSet(post(form, ClientType.CONFIDENTIAL), now, null, ClientType.CONFIDENTIAL);
    }

    @Override
    public DeviceCode requestDeviceCode(String scope, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", Objects.requireNonNull(scope, "scope"));
        Map<String, Object> b = send(deviceUri, form, ClientType.PUBLIC);
        if (b == null || b.get("device_code") == null || b.get("user_code") == null || b.get("verification_uri") == null) {
            throw malformed("device authorization answered without device_code, user_code or verification_uri");
        }
        long expiresIn = Json.asLong(b.get("expires_in"), 0);
        long interval = b.get("interval") != null ? Json.asLong(b.get("interval"), 0) : 5;   // RFC 8628 §3.2: 5 s when absent
        if (expiresIn <= 0) {
            throw malformed("device authorization answered without a positive expires_in");
        }
        try {
            return new DeviceCode(Secret.of(Json.text(b.get("device_code"))), Json.text(b.get("user_code")),
                    URI.create(Json.text(b.get("verification_uri"))),
                    b.get("verification_uri_complete") != null ? URI.create(Json.text(b.get("verification_uri_complete"))) : null,
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
        return toTokenSet(post(form, ClientType.PUBLIC), now, null, ClientType.PUBLIC);
    }

    private static OAuthException malformed(String message) {
        return new OAuthException(message, 200, "malformed_response", false, null);
    }

    private Map<String, Object> post(Map<String, String> form, ClientType clientType) {
        return send(tokenUri, form, clientType);
    }

    /**
     * POSTs {@code form} authenticated as {@code clientType}: answers a 2xx body (one from the token endpoint
     * always carries an access token; from the device endpoint it may be null), throws for the rest.
     */
    private Map<String, Object> send(URI uri, Map<String, String> form, ClientType clientType) {
        String endpoint = uri.equals(tokenUri) ? "token endpoint" : "device authorization endpoint";
        ClientCredentials c;
        try {
            c = client.get();
        } catch (StoreUnavailableException e) {
            // Nothing was sent: a retryable failure that CC certainly did not process.
            throw new OAuthException(endpoint + ": the client credentials could not be read (" + e.getMessage() + ")", 0,
                    "unreachable", true, null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (clientType == ClientType.PUBLIC) {
            fields.put("client_id", c.clientId());   // a public client: no secret, in any form
        } else if (c.clientSecret() == null) {
            // A device-flow-only application has no secret: nothing confidential can be asked; nothing was sent.
            throw new OAuthException(endpoint + ": this deployment's client credentials hold no client secret, which a"
                    + " confidential client (authorization code, or a chain connected with one) needs; store it, or use the"
                    + " device flow", 0, "no_client_secret", false, null);
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
        Map<String, Object> body = parse(r.body());
        if (r.ok()) {
            if (uri.equals(tokenUri) && body == null) {
                // CC may have processed the grant (and rotated) although nothing usable came back.
                throw unusable("token endpoint answered " + r.status() + " with a body that is not a JSON object");
            }
            return body;
        }
        // A 401 whose body did not come through (HttpExchange's transport drops it: UrlConnectionTransport) is the
        // one error a token endpoint answers with 401: invalid_client (RFC 6749 §5.2; docs/cc-api.md).
        String error = body != null && body.get("error") != null ? Json.text(body.get("error"))
                : r.status() == 401 ? "invalid_client" : "http_" + r.status();
        String description = body != null && body.get("error_description") != null
                ? truncate(Json.text(body.get("error_description"))) : "";
        if ("invalid_grant".equals(error)) {
            throw new InvalidGrantException(description);
        }
        throw new OAuthException(endpoint + " answered " + r.status() + " " + error
                + (description.isEmpty() ? "" : ": " + description), r.status(), error,
                OAuthException.isRetryableStatus(r.status()), null);
    }

    /** CC's access tokens live 24 h (docs/cc-api.md §2.10); a longer {@code expires_in} is clamped to it. */
    static final long MAX_LIFETIME_SECONDS = 86_400;
    /** The lifetime assumed when {@code expires_in} is missing, not a number or not positive: refreshed soon. */
    static final long UNKNOWN_LIFETIME_SECONDS = 300;

    /**
     * A 2xx answer as a token set. A usable refresh token is never thrown away (docs/token-lifecycle.md, "Unusable
     * answers"): without {@code expires_in}, or with one out of range, the expiry is clamped; without a usable access
     * token the set is kept for its refresh token and counts as expired. An answer with neither token tells
     * nothing about whether CC rotated, so it is ambiguous, like a lost answer.
     */
    private static TokenSet toTokenSet(Map<String, Object> b, Instant now, TokenSet previous, ClientType clientType) {
        String accessText = text(b, "access_token");
        String refreshText = text(b, "refresh_token");
        if (refreshText == null && (accessText == null || previous == null)) {
            if (accessText != null) {
                throw new OAuthException("CC issued no refresh token: the authorization must include the offline_access scope",
                        200, "no_refresh_token", false, null);
            }
            throw unusable("the token endpoint answered 2xx without a usable access_token or refresh_token");
        }
        Secret refresh;
        Instant refreshIssued;
        if (refreshText != null) {
            refresh = Secret.of(refreshText);
            boolean same = previous != null && previous.refreshToken().equals(refresh);
            refreshIssued = same ? previous.refreshTokenIssuedAt() : now;
        } else {
            refresh = previous.refreshToken();      // long-lived mode may omit it: keep the old one
            refreshIssued = previous.refreshTokenIssuedAt();
        }
        String scope = b.get("scope") != null ? Json.text(b.get("scope")) : previous != null ? previous.scope() : "";
        String account = previous != null ? previous.account() : null;   // a refresh stays with the chain's account
        if (accessText == null) {
            return new TokenSet(null, refresh, now, scope, now, refreshIssued, clientType, account);
        }
        return new TokenSet(Secret.of(accessText), refresh, now.plusSeconds(lifetimeSeconds(b.get("expires_in"))), scope, now,
                refreshIssued, clientType, account);
    }

    /** {@code expires_in} in seconds, clamped to (0, 24 h]; missing or unusable means {@link #UNKNOWN_LIFETIME_SECONDS}. */
    static long lifetimeSeconds(Object expiresIn) {
        if (!(expiresIn instanceof Number || expiresIn instanceof String)) {
            return UNKNOWN_LIFETIME_SECONDS;
        }
        double seconds;
        try {
            seconds = expiresIn instanceof Number n ? n.doubleValue() : Double.parseDouble(((String) expiresIn).trim());
        } catch (NumberFormatException e) {
            return UNKNOWN_LIFETIME_SECONDS;
        }
        if (!(seconds >= 1)) {
            return UNKNOWN_LIFETIME_SECONDS;   // zero, negative or NaN
        }
        return seconds > MAX_LIFETIME_SECONDS ? MAX_LIFETIME_SECONDS : (long) seconds;
    }

    private static String text(Map<String, Object> b, String field) {
        return Json.nonBlankString(b.get(field));
    }

    private static OAuthException unusable(String message) {
        return new OAuthException(message, 200, OAuthException.UNUSABLE_ANSWER, true, null);
    }

    /** The body's JSON object, or null for anything else (nothing, not JSON, another kind of value). */
    private static Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.object(body);
        } catch (MalformedJsonException e) {
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
