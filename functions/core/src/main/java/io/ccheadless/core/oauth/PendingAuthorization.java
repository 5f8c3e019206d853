package io.ccheadless.core.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator-minted authorization waiting for CC's callback: which tenant, where CC redirects, the PKCE verifier,
 * and whether the operator allowed it to connect another CC account than the tenant's ({@code --allow-account-change}).
 */
public record PendingAuthorization(String tenant, URI redirectUri, Secret codeVerifier, Instant expiresAt,
                                   boolean allowAccountChange) {
    public PendingAuthorization(String tenant, URI redirectUri, Secret codeVerifier, Instant expiresAt) {
        this(tenant, redirectUri, codeVerifier, expiresAt, false);
    }

    public PendingAuthorization {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
