package io.ccheadless.core.token;

import io.ccheadless.core.oauth.Secret;

import java.time.Instant;
import java.util.Objects;

/** What callers of the token service get: an access token, its expiry and the generation it came from. */
public record AccessGrant(Secret accessToken, Instant expiresAt, long generation) {
    public AccessGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
