package io.ccheadless.sandbox.auth;

import java.util.Objects;

/**
 * An application registered with the sandbox's authorization server (CC: API key + secret) and the OAuth flow it is
 * registered for.
 */
public record RegisteredClient(String clientId, Secret secret, ApplicationFlow flow) {
    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(flow, "flow");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("blank clientId");
        }
    }

    /** An application allowed every flow (the sandbox's lenient default). */
    public RegisteredClient(String clientId, Secret secret) {
        this(clientId, secret, ApplicationFlow.ANY);
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + clientId + ", " + flow + "]";
    }
}
