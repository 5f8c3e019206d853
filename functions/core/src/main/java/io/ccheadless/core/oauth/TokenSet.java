package io.ccheadless.core.oauth;

import java.time.Instant;
import java.util.Objects;

/**
 * One generation of a tenant's Constant Contact tokens. Immutable; {@code toString()} masks both tokens.
 *
 * @param accessToken            the bearer token for api.cc.email
 * @param refreshToken           the refresh token that redeems the next generation
 * @param accessTokenExpiresAt   when the access token stops working (CC: 24 h after issue)
 * @param scope                  space-separated scopes granted
 * @param issuedAt               when this set was received from CC
 * @param refreshTokenIssuedAt   when the refresh token itself was issued (unchanged when CC omits or repeats it)
 */
public record TokenSet(Secret accessToken, Secret refreshToken, Instant accessTokenExpiresAt, String scope,
                       Instant issuedAt, Instant refreshTokenIssuedAt) {
    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(refreshTokenIssuedAt, "refreshTokenIssuedAt");
        if (!accessTokenExpiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("access token expiry must be after its issue time");
        }
    }
}
