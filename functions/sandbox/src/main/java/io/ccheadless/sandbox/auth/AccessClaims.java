package io.ccheadless.sandbox.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the API learns from a valid access token.
 *
 * @param accountId the encoded_account_id the token grants access to ("" for a partner token)
 */
public record AccessClaims(String clientId, String subject, String accountId, Set<String> scopes, Instant issuedAt,
                           Instant expiresAt, boolean partner) {
    public AccessClaims {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(accountId, "accountId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
