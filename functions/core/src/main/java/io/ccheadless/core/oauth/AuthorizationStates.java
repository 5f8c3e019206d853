package io.ccheadless.core.oauth;

import java.time.Instant;
import java.util.Optional;

/** Single-use OAuth states (DynamoDB in production, with a TTL). Keys are {@link Pkce#hash(String)} of the state. */
public interface AuthorizationStates {
    void save(String stateHash, PendingAuthorization pending);

    /**
     * Deletes and answers the pending authorization in one conditional write, only if it exists and has not
     * expired at {@code now}: a second call with the same state (a replay) answers empty.
     */
    Optional<PendingAuthorization> consume(String stateHash, Instant now);
}
