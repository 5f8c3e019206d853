package io.ccheadless.core.api;

import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.TokenService;

import java.time.Instant;
import java.util.Objects;

/** The token service bound to one tenant and deadline: what a {@link CcApiClient} needs. */
public record TenantAccessTokens(TokenService tokens, String tenant, Instant deadline) implements AccessTokens {
    public TenantAccessTokens {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public AccessGrant current() {
        return tokens.accessToken(tenant, deadline);
    }

    @Override
    public AccessGrant afterRejection(long generation) {
        return tokens.refreshAfter(tenant, generation, deadline);
    }
}
