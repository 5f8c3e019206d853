package io.ccheadless.core.oauth;

import java.time.Instant;
import java.util.Objects;

/**
 * One generation of a tenant's Constant Contact tokens. Immutable; {@code toString()} masks both tokens.
 *
 * @param accessToken            the bearer token for api.cc.email; {@code null} when CC's answer carried a usable
 *                               refresh token but no usable access token (the set is stored for its refresh token
 *                               and counts as expired: docs/token-lifecycle.md, "Unusable answers")
 * @param refreshToken           the refresh token that redeems the next generation
 * @param accessTokenExpiresAt   when the access token stops working (CC: 24 h after issue); {@code issuedAt} without one
 * @param scope                  space-separated scopes granted
 * @param issuedAt               when this set was received from CC
 * @param refreshTokenIssuedAt   when the refresh token itself was issued (unchanged when CC omits or repeats it)
 * @param client                 how this chain's refreshes authenticate (device-flow chains are {@link ClientType#PUBLIC})
 * @param account                the CC account's {@code encoded_account_id} the chain was connected to, recorded at
 *                               connect time and carried by every refresh; {@code null} for chains connected before it
 *                               was recorded (docs/token-lifecycle.md, "Connecting")
 */
public record TokenSet(Secret accessToken, Secret refreshToken, Instant accessTokenExpiresAt, String scope,
                       Instant issuedAt, Instant refreshTokenIssuedAt, ClientType client, String account) {
    /** A set whose account is not (yet) known: what CC's token endpoint answers. */
    public TokenSet(Secret accessToken, Secret refreshToken, Instant accessTokenExpiresAt, String scope,
                    Instant issuedAt, Instant refreshTokenIssuedAt, ClientType client) {
        this(accessToken, refreshToken, accessTokenExpiresAt, scope, issuedAt, refreshTokenIssuedAt, client, null);
    }

    /** A confidential client's token set (authorization code with the client secret). */
    public TokenSet(Secret accessToken, Secret refreshToken, Instant accessTokenExpiresAt, String scope,
                    Instant issuedAt, Instant refreshTokenIssuedAt) {
        this(accessToken, refreshToken, accessTokenExpiresAt, scope, issuedAt, refreshTokenIssuedAt, ClientType.CONFIDENTIAL);
    }

    public TokenSet {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(refreshTokenIssuedAt, "refreshTokenIssuedAt");
        Objects.requireNonNull(client, "client");
        if (account != null && account.isBlank()) {
            throw new IllegalArgumentException("account is blank");
        }
        if (accessToken != null && !accessTokenExpiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("access token expiry must be after its issue time");
        }
        if (accessToken == null && !accessTokenExpiresAt.equals(issuedAt)) {
            throw new IllegalArgumentException("a set without an access token expires when it is issued");
        }
    }

    /** This set, recorded as belonging to the CC account {@code encodedAccountId}. */
    public TokenSet withAccount(String encodedAccountId) {
        return new TokenSet(accessToken, refreshToken, accessTokenExpiresAt, scope, issuedAt, refreshTokenIssuedAt, client,
                Objects.requireNonNull(encodedAccountId, "encodedAccountId"));
    }

    /** Whether the set carries an access token at all (see {@link #accessToken}). */
    public boolean hasAccessToken() {
        return accessToken != null;
    }
}
