package io.ccheadless.core.api;

import io.ccheadless.core.token.AccessGrant;

/** Where the API client gets bearer tokens: the token service, bound to one tenant and deadline. */
public interface AccessTokens {
    AccessGrant current();

    /** CC answered 401 to a token of {@code generation}: give a newer one (refreshing through the one redeemer). */
    AccessGrant afterRejection(long generation);
}
