package io.ccheadless.sandbox.auth;

import java.util.Objects;

/** An application registered with the sandbox's authorization server (CC: API key + secret). */
public record RegisteredClient(String clientId, Secret secret) {
    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(secret, "secret");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("blank clientId");
        }
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + clientId + "]";
    }
}
