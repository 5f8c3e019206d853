package io.ccheadless.core.oauth;

/** CC rejected the refresh token or authorization code: rotated out, reused, expired or revoked. Never retryable. */
public final class InvalidGrantException extends OAuthException {
    public InvalidGrantException(String description) {
        super("token endpoint answered invalid_grant: " + description, 400, "invalid_grant", false, null);
    }
}
