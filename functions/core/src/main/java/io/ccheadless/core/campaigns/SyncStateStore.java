package io.ccheadless.core.campaigns;

import java.time.Instant;
import java.util.Optional;

/**
 * The sync-state item per tenant (DynamoDB: {@code pk = sync#<tenant>} in the state table) and the sync lease
 * on it. Every write is one conditional write; losing the lease makes it fail with {@link SyncLeaseLostException}.
 */
public interface SyncStateStore {
    Optional<SyncState> read(String tenant);

    /** Takes the lease if it is free or expired at {@code now}; on success answers the state read in the same write. */
    LeaseAttempt tryAcquire(String tenant, SyncLease lease, Instant now);

    /** Writes {@code state} (a null checkpoint removes it) if {@code lease} is still held; releases it if asked. */
    void save(String tenant, SyncLease lease, SyncState state, boolean release);

    /** Gives the lease up if it is still ours; does nothing otherwise. */
    void release(String tenant, SyncLease lease);

    sealed interface LeaseAttempt permits Acquired, Held {
    }

    record Acquired(SyncState state) implements LeaseAttempt {
    }

    /** Somebody else runs this tenant's sync; {@code holder.until()} says when the lease ends at the latest. */
    record Held(SyncLease holder) implements LeaseAttempt {
    }
}
