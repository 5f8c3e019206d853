package io.ccheadless.aws.store;

import io.ccheadless.core.campaigns.SyncCheckpoint;
import io.ccheadless.core.campaigns.SyncLease;
import io.ccheadless.core.campaigns.SyncLeaseLostException;
import io.ccheadless.core.campaigns.SyncState;
import io.ccheadless.core.campaigns.SyncStateStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync-state item of a tenant ({@code pk = sync#<tenant>} in the state table): watermark, last stats sweep,
 * checkpoint, and the sync lease. Modelled on the token pointer's lease but a separate item: taking it is one
 * conditional UpdateItem (free or expired), bounded by the invocation's deadline, answering the state in the same
 * call; every later write is conditioned on the lease's fence. Every time (watermark, sweep, completion, lease,
 * checkpoint) in the state table's one encoding, {@link StateTime}; earlier items' ISO strings still read.
 */
public final class DynamoSyncStateStore implements SyncStateStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSyncStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    static Map<String, AttributeValue> key(String tenant) {
        return Map.of("pk", AttributeValue.fromS("sync#" + tenant));
    }

    @Override
    public Optional<SyncState> read(String tenant) {
        try {
            var r = dynamo.getItem(b -> b.tableName(table).key(key(tenant)).consistentRead(true));
            return r.hasItem() && !r.item().isEmpty() ? Optional.of(toState(r.item())) : Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.unavailable("reading the sync state of tenant '" + tenant + "' from table " + table, e);
        }
    }

    @Override
    public LeaseAttempt tryAcquire(String tenant, SyncLease lease, Instant now) {
        LeaseWrite.Result r = LeaseWrite.tryAcquire(dynamo, table, key(tenant), tenant, lease.owner(), lease.fence(),
                lease.until(), now, "taking the sync lease");
        return r.acquired() ? new Acquired(toState(r.written()))
                : new Held(new SyncLease(r.holderOwner(), r.holderFence(), r.holderUntil()));
    }

    @Override
    public void save(String tenant, SyncLease lease, SyncState state, boolean release) {
        List<String> set = new ArrayList<>(List.of("tenant = :t"));
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":t", s(tenant), ":fence", s(lease.fence())));
        time(set, remove, values, "watermark", state.watermark());
        time(set, remove, values, "stats_swept_at", state.statsSweptAt());
        time(set, remove, values, "last_completed_at", state.lastCompletedAt());
        if (state.checkpoint() == null) {
            remove.add("checkpoint");
        } else {
            set.add("checkpoint = :checkpoint");
            values.put(":checkpoint", AttributeValue.fromM(checkpoint(state.checkpoint())));
        }
        if (release) {
            remove.addAll(List.of("lease_owner", "lease_fence", "lease_until"));
        }
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(tenant)).updateExpression(update)
                    .conditionExpression("lease_fence = :fence").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new SyncLeaseLostException("the sync lease of tenant '" + tenant + "' was taken over; state not written");
        } catch (SdkException e) {
            throw AwsErrors.unavailable("writing the sync state of tenant '" + tenant + "'", e);
        }
    }

    @Override
    public void release(String tenant, SyncLease lease) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(tenant))
                    .updateExpression("REMOVE lease_owner, lease_fence, lease_until")
                    .conditionExpression("lease_fence = :fence")
                    .expressionAttributeValues(Map.of(":fence", s(lease.fence()))));
        } catch (ConditionalCheckFailedException e) {
            // taken over after ours expired: theirs now, nothing to release
        } catch (SdkException e) {
            throw AwsErrors.unavailable("releasing the sync lease of tenant '" + tenant + "'", e);
        }
    }

    private static void time(List<String> set, List<String> remove, Map<String, AttributeValue> values, String name,
                             Instant t) {
        if (t == null) {
            remove.add(name);
        } else {
            set.add(name + " = :" + name);
            values.put(":" + name, StateTime.of(t));
        }
    }

    static Map<String, AttributeValue> checkpoint(SyncCheckpoint c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("run_started_at", StateTime.of(c.runStartedAt()));
        m.put("send_cutoff", StateTime.of(c.sendCutoff()));
        m.put("floor", StateTime.of(c.floor()));
        m.put("sweep", AttributeValue.fromBool(c.sweep()));
        m.put("next_href", s(c.nextHref()));
        if (c.processedDownTo() != null) {
            m.put("processed_down_to", StateTime.of(c.processedDownTo()));
        }
        if (c.runNewest() != null) {
            m.put("run_newest", StateTime.of(c.runNewest()));
        }
        m.put("saved_at", StateTime.of(c.savedAt()));
        m.put("reason", s(c.reason()));
        return m;
    }

    static SyncState toState(Map<String, AttributeValue> i) {
        SyncCheckpoint cp = null;
        if (i.containsKey("checkpoint") && i.get("checkpoint").hasM()) {
            Map<String, AttributeValue> m = i.get("checkpoint").m();
            cp = new SyncCheckpoint(time(m, "run_started_at"), time(m, "send_cutoff"), time(m, "floor"),
                    m.containsKey("sweep") && Boolean.TRUE.equals(m.get("sweep").bool()), m.get("next_href").s(),
                    time(m, "processed_down_to"), time(m, "run_newest"), time(m, "saved_at"),
                    m.containsKey("reason") ? m.get("reason").s() : "");
        }
        return new SyncState(time(i, "watermark"), time(i, "stats_swept_at"), cp, time(i, "last_completed_at"));
    }

    private static Instant time(Map<String, AttributeValue> i, String k) {
        return StateTime.read(i, k);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
