package io.ccheadless.core.campaigns.testing;

import io.ccheadless.core.campaigns.SyncLease;
import io.ccheadless.core.campaigns.SyncLeaseLostException;
import io.ccheadless.core.campaigns.SyncState;
import io.ccheadless.core.campaigns.SyncStateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sync-state items with the same conditions as the DynamoDB adapter (lease free or expired to take it; fence
 * must match to write). Records every state written, so tests can check the watermark at every step.
 */
public final class InMemorySyncStateStore implements SyncStateStore {
    private final Map<String, SyncState> states = new HashMap<>();
    private final Map<String, SyncLease> leases = new HashMap<>();
    private final List<SyncState> history = new ArrayList<>();

    @Override
    public synchronized Optional<SyncState> read(String tenant) {
        return Optional.ofNullable(states.get(tenant));
    }

    @Override
    public synchronized LeaseAttempt tryAcquire(String tenant, SyncLease lease, Instant now) {
        SyncLease held = leases.get(tenant);
        if (held != null && held.until().isAfter(now)) {
            return new Held(held);
        }
        leases.put(tenant, lease);
        return new Acquired(states.getOrDefault(tenant, SyncState.EMPTY));
    }

    @Override
    public synchronized void save(String tenant, SyncLease lease, SyncState state, boolean release) {
        SyncLease held = leases.get(tenant);
        if (held == null || !held.fence().equals(lease.fence())) {
            throw new SyncLeaseLostException("sync lease of tenant '" + tenant + "' lost");
        }
        states.put(tenant, state);
        history.add(state);
        if (release) {
            leases.remove(tenant);
        }
    }

    @Override
    public synchronized void release(String tenant, SyncLease lease) {
        SyncLease held = leases.get(tenant);
        if (held != null && held.fence().equals(lease.fence())) {
            leases.remove(tenant);
        }
    }

    public synchronized Optional<SyncLease> lease(String tenant) {
        return Optional.ofNullable(leases.get(tenant));
    }

    public synchronized List<SyncState> history() {
        return List.copyOf(history);
    }
}
