package io.ccheadless.core.oauth;

import java.util.Objects;

/**
 * The CC application's API key (client id) and its secret. The secret is {@code null} for an application used only
 * with the device flow (a public client, docs/cc-api.md §2.6), which never sends one.
 */
public record ClientCredentials(String clientId, Secret clientSecret) {
    /** A device-flow-only application's credentials: the client id alone. */
    public static ClientCredentials publicClient(String clientId) {
        return new ClientCredentials(clientId, null);
    }

    public boolean hasSecret() {
        return clientSecret != null;
    }

    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("client id is blank");
        }
    }
}
