package io.ccheadless.aws.store;

import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.PointerStore;
import io.ccheadless.core.token.RedemptionIntent;
import io.ccheadless.core.token.StoreConflictException;
import io.ccheadless.core.token.TokenPointer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pointer and lease as one DynamoDB item per tenant ({@code pk = tenant#<id>}). Every write is a
 * single conditional {@code UpdateItem}; a failed condition becomes a value or {@link StoreConflictException}.
 * Times ({@code lease_until}, {@code intent_started_at}, {@code access_expires_at}, {@code refresh_issued_at}) in the
 * state table's one encoding, {@link StateTime}; earlier items' ISO strings still read.
 */
public final class DynamoPointerStore implements PointerStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPointerStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    static Map<String, AttributeValue> key(String tenant) {
        return Map.of("pk", s("tenant#" + tenant));
    }

    @Override
    public Optional<TokenPointer> read(String tenant) {
        try {
            var r = dynamo.getItem(b -> b.tableName(table).key(key(tenant)).consistentRead(true));
            return r.hasItem() && !r.item().isEmpty() ? Optional.of(toPointer(tenant, r.item())) : Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.unavailable("reading the token pointer of tenant '" + tenant + "' from table " + table, e);
        }
    }

    @Override
    public LeaseAttempt tryAcquire(String tenant, Lease lease, Instant cutoff) {
        LeaseWrite.Result r = LeaseWrite.tryAcquire(dynamo, table, key(tenant), tenant, lease.owner(), lease.fence(),
                lease.until(), cutoff, "taking the token lease");
        return r.acquired() ? new Acquired(toPointer(tenant, r.written()))
                : new Held(new Lease(r.holderOwner(), r.holderFence(), r.holderUntil()));
    }

    @Override
    public Lease renew(String tenant, Lease lease, Instant until) {
        conditional(tenant, "renewing the token lease", "SET lease_until = :u", "lease_fence = :fence", null,
                Map.of(":u", StateTime.of(until), ":fence", s(lease.fence())));
        return new Lease(lease.owner(), lease.fence(), until);
    }

    @Override
    public void recordIntent(String tenant, Lease lease, RedemptionIntent intent) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":if", s(intent.fence()), ":ig", n(intent.generation()),
                ":is", StateTime.of(intent.startedAt()), ":fence", s(lease.fence())));
        String update = "SET intent_fence = :if, intent_generation = :ig, intent_started_at = :is";
        if (intent.chain() != null) {
            update += ", intent_chain = :ic";
            values.put(":ic", s(intent.chain()));
        } else {
            update += " REMOVE intent_chain";
        }
        conditional(tenant, "recording the redemption intent", update, "lease_fence = :fence", null, values);
    }

    @Override
    public void clearIntent(String tenant, Lease lease) {
        conditional(tenant, "clearing the redemption intent",
                "REMOVE intent_fence, intent_generation, intent_started_at, intent_chain",
                "lease_fence = :fence AND intent_fence = :fence", null, Map.of(":fence", s(lease.fence())));
    }

    @Override
    public void commit(String tenant, long expectedGeneration, Lease lease, TokenPointer.Next next) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":n1", n(next.generation()), ":v", s(next.versionId()),
                ":ae", StateTime.of(next.accessTokenExpiresAt()), ":ri", StateTime.of(next.refreshTokenIssuedAt()),
                ":active", s(ConnectionStatus.ACTIVE.name()), ":o", s(next.outcome()), ":fence", s(lease.fence())));
        String chainUpdate = " REMOVE intent_fence, intent_generation, intent_started_at, intent_chain";
        if (next.chain() != null) {
            chainUpdate = ", chain = :c" + chainUpdate;
            values.put(":c", s(next.chain()));
        } else {
            chainUpdate += ", chain";
        }
        String generationCondition;
        if (expectedGeneration == 0) {
            generationCondition = "attribute_not_exists(generation)";
        } else {
            generationCondition = "generation = :n";
            values.put(":n", n(expectedGeneration));
        }
        conditional(tenant, "committing generation " + next.generation(),
                "SET generation = :n1, version_id = :v, access_expires_at = :ae, refresh_issued_at = :ri, #st = :active,"
                        + " last_outcome = :o" + chainUpdate,
                generationCondition + " AND lease_fence = :fence", Map.of("#st", "status"), values);
    }

    @Override
    public void release(String tenant, Lease lease) {
        try {
            conditional(tenant, "releasing the lease", "REMOVE lease_owner, lease_fence, lease_until",
                    "lease_fence = :fence", null, Map.of(":fence", s(lease.fence())));
        } catch (StoreConflictException e) {
            // somebody took over an expired lease: theirs now, nothing to release
        }
    }

    @Override
    public boolean markReauthRequired(String tenant, long generation, String diagnosis) {
        try {
            conditional(tenant, "marking re-authorization required", "SET #st = :r, last_outcome = :d",
                    "generation = :g", Map.of("#st", "status"),
                    Map.of(":r", s(ConnectionStatus.REAUTH_REQUIRED.name()), ":d", s(diagnosis), ":g", n(generation)));
            return true;
        } catch (StoreConflictException e) {
            return false;
        }
    }

    private void conditional(String tenant, String what, String update, String condition, Map<String, String> names,
                             Map<String, AttributeValue> values) {
        try {
            UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key(tenant))
                    .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values);
            if (names != null) {
                b.expressionAttributeNames(names);
            }
            dynamo.updateItem(b.build());
        } catch (ConditionalCheckFailedException e) {
            throw new StoreConflictException(what + " for tenant '" + tenant + "': the lease or generation moved");
        } catch (SdkException e) {
            throw AwsErrors.unavailable(what + " for tenant '" + tenant + "'", e);
        }
    }

    static TokenPointer toPointer(String tenant, Map<String, AttributeValue> i) {
        long generation = i.containsKey("generation") ? Long.parseLong(i.get("generation").n()) : 0;
        RedemptionIntent intent = i.containsKey("intent_fence")
                ? new RedemptionIntent(i.get("intent_fence").s(), Long.parseLong(i.get("intent_generation").n()),
                StateTime.read(i, "intent_started_at"), str(i, "intent_chain"))
                : null;
        return new TokenPointer(tenant, generation, str(i, "version_id"), StateTime.read(i, "access_expires_at"),
                StateTime.read(i, "refresh_issued_at"),
                i.containsKey("status") ? ConnectionStatus.valueOf(i.get("status").s()) : ConnectionStatus.ACTIVE,
                leaseOf(i), intent, str(i, "last_outcome"), str(i, "chain"));
    }

    private static Lease leaseOf(Map<String, AttributeValue> i) {
        if (!i.containsKey("lease_fence") || !i.containsKey("lease_until")) {
            return null;
        }
        return new Lease(str(i, "lease_owner") == null ? "unknown" : str(i, "lease_owner"), i.get("lease_fence").s(),
                StateTime.read(i, "lease_until"));
    }

    private static String str(Map<String, AttributeValue> i, String k) {
        return i.containsKey(k) ? i.get(k).s() : null;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
