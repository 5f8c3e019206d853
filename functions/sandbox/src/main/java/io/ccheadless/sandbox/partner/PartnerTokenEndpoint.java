package io.ccheadless.sandbox.partner;

import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.auth.AccessTokens;
import io.ccheadless.sandbox.auth.ClientAuthentication;
import io.ccheadless.sandbox.auth.ClientRegistry;
import io.ccheadless.sandbox.auth.OAuthError;
import io.ccheadless.sandbox.http.Handler;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /partners/oauth2/default/v1/token}: client credentials (HTTP Basic with the partner id and secret,
 * {@code grant_type=client_credentials} in the query string or form) → a one-hour partner JWT, no refresh token.
 * A request without the form content type gets 415, as the partner docs say.
 */
public final class PartnerTokenEndpoint implements Handler {
    public static final String PATH = "/partners/oauth2/default/v1/token";

    private final ClientRegistry partners;
    private final AccessTokens tokens;
    private final SandboxClock clock;
    private final Json json;

    public PartnerTokenEndpoint(ClientRegistry partners, AccessTokens tokens, SandboxClock clock, Json json) {
        this.partners = Objects.requireNonNull(partners, "partners");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public Response handle(Request request) {
        boolean form = request.header("content-type").map(ct -> ct.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")).orElse(false);
        if (!form) {
            return json.response(415, new OAuthError(415, "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded.").body());
        }
        Params p = request.formOrQuery();
        ClientAuthentication auth = ClientAuthentication.of(request, p, partners);
        if (!auth.secretVerified()) {
            return json.response(401, OAuthError.invalidClient().body());
        }
        if (!"client_credentials".equals(p.first("grant_type").orElse(""))) {
            return json.response(400, OAuthError.unsupportedGrantType().body());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issuePartnerToken(auth.claimedClientId(), clock.now()).value());
        body.put("expires_in", AccessTokens.PARTNER_TOKEN_LIFETIME.toSeconds());
        body.put("token_type", "Bearer");
        return json.response(200, body).withHeader("Cache-Control", "no-store");
    }
}
