package io.ccheadless.core.oauth;

import java.util.Objects;

/** The CC application's API key (client id) and its secret. */
public record ClientCredentials(String clientId, Secret clientSecret) {
    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("client id is blank");
        }
    }
}
