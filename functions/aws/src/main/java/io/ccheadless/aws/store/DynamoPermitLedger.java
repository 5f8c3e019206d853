package io.ccheadless.aws.store;

import io.ccheadless.core.api.PermitLedger;
import io.ccheadless.core.api.RateLimits;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One API key's bookings as one item of the state table ({@code pk = ccrate#<key>}; attributes {@code next} (epoch
 * ms of the first free slot), {@code day}, {@code used}, {@code ttl}). A booking is one conditional {@code UpdateItem}
 * that writes {@link RateLimits#decide}'s new state only if the item still holds the state decided on; when another
 * process booked first, the failed condition returns the item ({@code ALL_OLD}) and the decision is made again on it,
 * so there is never a read. The state last seen is the next guess. docs/rate-governor.md has the costs.
 */
public final class DynamoPermitLedger implements PermitLedger {
    static final int MAX_ATTEMPTS = 16;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, RateLimits.State> lastSeen = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    public DynamoPermitLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    static Map<String, AttributeValue> key(String key) {
        return Map.of("pk", AttributeValue.fromS("ccrate#" + key));
    }

    /** Conditional writes sent (each costs at least one write unit, failed or not). */
    public long writes() {
        return writes.get();
    }

    /** Writes that lost to another process's booking and were decided again. */
    public long conflicts() {
        return conflicts.get();
    }

    @Override
    public RateLimits.Decision book(String key, int wanted, RateLimits limits, Instant now) {
        RateLimits.State guess = lastSeen.getOrDefault(key, RateLimits.State.NONE);
        for (int attempt = 1; ; attempt++) {
            RateLimits.Decision d = limits.decide(guess, wanted, now);
            if (!(d instanceof RateLimits.Book b)) {
                return d;
            }
            try {
                write(key, guess, b.after());
                lastSeen.put(key, b.after());
                return b;
            } catch (ConditionalCheckFailedException e) {
                conflicts.incrementAndGet();
                guess = e.hasItem() && !e.item().isEmpty() ? state(e.item()) : RateLimits.State.NONE;
                lastSeen.put(key, guess);
                if (attempt >= MAX_ATTEMPTS) {
                    // Others keep booking first: the timeline is busy, not broken. Ask again shortly.
                    return new RateLimits.Busy(now.plus(limits.spacing()));
                }
            } catch (SdkException e) {
                throw AwsErrors.unavailable("booking CC request permits", e);
            }
        }
    }

    private void write(String key, RateLimits.State before, RateLimits.State after) {
        writes.incrementAndGet();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":n", n(after.nextFree().toEpochMilli()));
        values.put(":d", AttributeValue.fromS(after.day().toString()));
        values.put(":u", n(after.used()));
        values.put(":ttl", n(after.day().plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
        String condition;
        if (before.equals(RateLimits.State.NONE)) {
            condition = "attribute_not_exists(pk)";
        } else {
            condition = "#next = :on AND #day = :od AND used = :ou";
            values.put(":on", n(before.nextFree().toEpochMilli()));
            values.put(":od", AttributeValue.fromS(before.day().toString()));
            values.put(":ou", n(before.used()));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(key))
                .updateExpression("SET #next = :n, #day = :d, used = :u, #ttl = :ttl")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#next", "next", "#day", "day", "#ttl", "ttl"))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    /** The stored state, as this code writes it. */
    private static RateLimits.State state(Map<String, AttributeValue> item) {
        try {
            return new RateLimits.State(Instant.ofEpochMilli(Long.parseLong(item.get("next").n())),
                    LocalDate.parse(item.get("day").s()), Long.parseLong(item.get("used").n()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the permit ledger item " + item.get("pk") + " is not one this code writes", e);
        }
    }

    /** The stored state of {@code key}, read consistently (tests, bench, {@code cch}). */
    public RateLimits.State read(String key) {
        try {
            var r = dynamo.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true));
            return r.hasItem() && !r.item().isEmpty() ? state(r.item()) : RateLimits.State.NONE;
        } catch (SdkException e) {
            throw AwsErrors.unavailable("reading the CC permit ledger", e);
        }
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
