package io.ccheadless.sandbox.auth;

import java.util.Objects;
import java.util.Set;

/**
 * What a user's consent granted: which client may act for which user and account, with which scopes.
 *
 * @param publicClient true when the grant was obtained without the client secret (PKCE or device flow), so the
 *                     chain's refreshes need only {@code client_id}; false means refreshes need client authentication
 */
public record GrantedAccess(String clientId, String subject, String accountId, Set<String> scopes,
                            boolean publicClient) {
    public GrantedAccess {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(accountId, "accountId");
        scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
    }

    public boolean offline() {
        return scopes.contains(Scopes.OFFLINE_ACCESS);
    }
}
