package io.ccheadless.core.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** An operator-minted authorization waiting for CC's callback: which tenant, where CC redirects, the PKCE verifier. */
public record PendingAuthorization(String tenant, URI redirectUri, Secret codeVerifier, Instant expiresAt) {
    public PendingAuthorization {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
