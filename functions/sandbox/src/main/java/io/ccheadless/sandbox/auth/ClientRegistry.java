package io.ccheadless.sandbox.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered clients and the redirect URIs they may use: exactly each URI registered at run time and, unless the
 * registry is exact (as CC's application settings are: a redirect URI must be registered as it is sent, loopback
 * ones too; docs/cc-api.md §2.2), any {@code http://localhost} or {@code http://127.0.0.1} URI.
 */
public final class ClientRegistry {
    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
    private final Set<String> extraRedirectUris = ConcurrentHashMap.newKeySet();
    private final boolean exact;

    public ClientRegistry() {
        this(false);
    }

    /** @param exact true: only registered redirect URIs, compared exactly (no loopback allowance) */
    public ClientRegistry(boolean exact) {
        this.exact = exact;
    }

    public void register(RegisteredClient client) {
        clients.put(client.clientId(), client);
    }

    public Optional<RegisteredClient> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }

    public void registerRedirectUri(String uri) {
        URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
        if (!parsed.isAbsolute() || parsed.getFragment() != null) {
            throw new IllegalArgumentException("a redirect URI must be absolute and have no fragment");
        }
        extraRedirectUris.add(uri);
    }

    public boolean redirectAllowed(String uri) {
        if (uri == null || uri.isBlank()) {
            return false;
        }
        if (extraRedirectUris.contains(uri)) {
            return true;
        }
        if (exact) {
            return false;
        }
        try {
            URI u = new URI(uri);
            return "http".equals(u.getScheme()) && u.getFragment() == null
                    && ("localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
