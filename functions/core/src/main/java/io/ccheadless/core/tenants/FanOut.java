package io.ccheadless.core.tenants;

import java.util.List;
import java.util.Objects;

/** The hourly fan-out: one sync request for every connected, ACTIVE tenant. */
public final class FanOut {
    private final TenantRegistry registry;
    private final SyncQueue queue;

    public FanOut(TenantRegistry registry, SyncQueue queue) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** What one run did: the tenants enqueued, and those left out because they wait for an operator. */
    public record Result(List<String> enqueued, List<String> skipped) {
        public Result {
            enqueued = List.copyOf(enqueued);
            skipped = List.copyOf(skipped);
        }
    }

    /** Lists the registry (one Scan of the state table) and enqueues its syncable tenants. */
    public Result run() {
        return run(registry.list());
    }

    /**
     * Enqueues the syncable tenants of {@code all}, a listing of the registry just made (partner discovery's, which
     * lists it already: {@code PartnerDiscovery.Result#tenants}).
     */
    public Result run(List<TenantEntry> all) {
        List<String> syncable = all.stream().filter(TenantEntry::syncable).map(TenantEntry::tenant).toList();
        List<String> skipped = all.stream().filter(t -> !t.syncable()).map(TenantEntry::tenant).toList();
        if (!syncable.isEmpty()) {
            queue.enqueue(syncable);
        }
        return new Result(syncable, skipped);
    }
}
