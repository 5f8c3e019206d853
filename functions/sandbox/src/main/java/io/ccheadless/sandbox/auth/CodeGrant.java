package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.http.Params;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code grant_type=authorization_code}: with client authentication, or PKCE with only {@code client_id}. */
public final class CodeGrant {
    private final AuthorizationCodes codes;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;

    public CodeGrant(AuthorizationCodes codes, RefreshTokens refreshTokens, TokenIssuer issuer) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    public TokenResult exchange(Params params, ClientAuthentication auth, Instant now) {
        if (auth.failed()) {
            return TokenResult.failed(OAuthError.invalidClient());
        }
        Optional<String> code = params.first("code");
        Optional<String> redirectUri = params.first("redirect_uri");
        if (code.isEmpty() || code.get().isEmpty()) {
            return TokenResult.failed(OAuthError.invalidRequest("The 'code' parameter is required."));
        }
        if (redirectUri.isEmpty()) {
            return TokenResult.failed(OAuthError.invalidRequest("The 'redirect_uri' parameter is required."));
        }
        Optional<AuthorizationCodes.Pending> found = codes.consume(code.get(), now);
        if (found.isEmpty()) {
            return TokenResult.failed(OAuthError.invalidGrant("The authorization code is invalid or has expired."));
        }
        AuthorizationCodes.Pending p = found.get();
        if (!p.access().clientId().equals(auth.claimedClientId())) {
            return TokenResult.failed(OAuthError.invalidGrant("The authorization code is invalid or has expired."));
        }
        if (!p.redirectUri().equals(redirectUri.get())) {
            return TokenResult.failed(OAuthError.invalidGrant(
                    "The 'redirect_uri' does not match the redirection URI used in the authorization request."));
        }
        Optional<String> verifier = params.first("code_verifier");
        if (p.codeChallenge() != null) {
            if (verifier.isEmpty()) {
                return TokenResult.failed(OAuthError.invalidRequest("PKCE code verifier is required when the "
                        + "authorization request included a code challenge."));
            }
            if (!Pkce.verifies(verifier.get(), p.codeChallenge())) {
                return TokenResult.failed(OAuthError.invalidGrant("PKCE verification failed."));
            }
        } else if (!auth.secretVerified()) {
            return TokenResult.failed(OAuthError.invalidClient());
        }
        GrantedAccess access = new GrantedAccess(p.access().clientId(), p.access().subject(), p.access().accountId(),
                p.access().scopes(), !auth.secretVerified());
        Optional<Secret> refresh = access.offline() ? Optional.of(refreshTokens.start(access, now)) : Optional.empty();
        return new TokenResult.Issued(issuer.body(access, refresh, now));
    }
}
