package io.ccheadless.sandbox.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Builds the token endpoint's success body (docs/cc-api.md §2.9). */
public final class TokenIssuer {
    private final AccessTokens accessTokens;

    public TokenIssuer(AccessTokens accessTokens) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
    }

    public Map<String, Object> body(GrantedAccess access, Optional<Secret> refreshToken, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", AccessTokens.USER_TOKEN_LIFETIME.toSeconds());
        body.put("access_token", accessTokens.issueUserToken(access.clientId(), access.subject(), access.accountId(),
                access.scopes(), now).value());
        body.put("scope", Scopes.join(access.scopes()));
        refreshToken.ifPresent(rt -> body.put("refresh_token", rt.value()));
        return body;
    }
}
