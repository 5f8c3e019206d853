package io.ccheadless.core.oauth;

import java.time.Instant;

/** CC's token endpoint, as the token protocol needs it (a port, so use cases test against a fake). */
public interface TokenEndpoint {
    /** Redeems a refresh token. A response without {@code refresh_token} keeps {@code current}'s. */
    TokenSet refresh(TokenSet current, Instant now);

    /** Exchanges an authorization code (PKCE verifier optional) for the first token set. */
    TokenSet exchangeCode(String code, String redirectUri, String codeVerifier, Instant now);
}
