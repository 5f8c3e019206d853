package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling the token endpoint: HTTP Basic ({@code client_id:client_secret}), the secret in the form
 * ({@code client_secret}), or only {@code client_id} (public clients: PKCE, device flow).
 *
 * @param claimedClientId the id the caller named, authenticated or not ("" when none), used as the rate-limit key
 * @param client          the registered client, empty when the caller named none or an unknown one, or a wrong secret
 * @param secretVerified  true when the caller proved it holds the client secret
 */
public record ClientAuthentication(String claimedClientId, Optional<RegisteredClient> client, boolean secretVerified) {
    public ClientAuthentication {
        Objects.requireNonNull(claimedClientId, "claimedClientId");
        Objects.requireNonNull(client, "client");
    }

    public static ClientAuthentication of(Request request, Params params, ClientRegistry registry) {
        Optional<String> basic = request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
        if (basic.isPresent()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new ClientAuthentication("", Optional.empty(), false);
            }
            int colon = decoded.indexOf(':');
            String id = colon < 0 ? decoded : decoded.substring(0, colon);
            String secret = colon < 0 ? null : decoded.substring(colon + 1);
            return verified(id, secret, registry);
        }
        String id = params.first("client_id").orElse("");
        Optional<String> secret = params.first("client_secret");
        if (secret.isPresent()) {
            return verified(id, secret.get(), registry);
        }
        return new ClientAuthentication(id, registry.find(id), false);
    }

    private static ClientAuthentication verified(String id, String secret, ClientRegistry registry) {
        Optional<RegisteredClient> c = registry.find(id).filter(rc -> rc.secret().matches(secret));
        return new ClientAuthentication(id, c, c.isPresent());
    }

    /** True when the caller presented credentials that failed, or named no known client at all. */
    public boolean failed() {
        return client.isEmpty();
    }
}
