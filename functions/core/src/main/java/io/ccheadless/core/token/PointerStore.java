package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Optional;

/**
 * The per-tenant pointer and lease (DynamoDB in production). Every write is conditional; a failed
 * condition is reported as a value or {@link StoreConflictException}, never as an SDK type; any other
 * failure is a {@link StoreUnavailableException}.
 */
public interface PointerStore {

    /** Strongly consistent read. Empty when the tenant has no item at all. */
    Optional<TokenPointer> read(String tenant);

    /**
     * One conditional write: take the lease if nobody holds one that ends after {@code cutoff} (the caller's
     * clock minus the largest clock skew, {@link TokenPolicy#takeoverCutoff}). Creates the item when absent.
     * On success answers the item as written (the re-read the protocol requires).
     */
    LeaseAttempt tryAcquire(String tenant, Lease lease, Instant cutoff);

    /** Extends {@code lease} to {@code until}, only if it is still held (same fence). Answers the renewed lease. */
    Lease renew(String tenant, Lease lease, Instant until);

    /** Records the redemption intent; fails with {@link StoreConflictException} if {@code lease} is no longer held. */
    void recordIntent(String tenant, Lease lease, RedemptionIntent intent);

    /**
     * Removes the intent {@code lease} recorded, only if both are still there: CC clearly refused or failed the
     * refresh, so the old refresh token is still the live one.
     */
    void clearIntent(String tenant, Lease lease);

    /**
     * Moves the pointer from {@code expectedGeneration} to {@code next}, clears any intent and sets
     * status ACTIVE, only if the generation is still {@code expectedGeneration} and {@code lease} still held.
     */
    void commit(String tenant, long expectedGeneration, Lease lease, TokenPointer.Next next);

    /** Drops the lease if it is still {@code lease}; a lease somebody else took is left alone. */
    void release(String tenant, Lease lease);

    /** Sets REAUTH_REQUIRED with a diagnosis only if the generation is still {@code generation}. Answers whether it did. */
    boolean markReauthRequired(String tenant, long generation, String diagnosis);

    sealed interface LeaseAttempt permits Acquired, Held {
    }

    record Acquired(TokenPointer pointer) implements LeaseAttempt {
    }

    record Held(Lease holder) implements LeaseAttempt {
    }
}
