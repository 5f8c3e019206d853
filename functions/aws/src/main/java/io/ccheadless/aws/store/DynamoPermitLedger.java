package io.ccheadless.aws.store;

import io.ccheadless.core.api.MalformedPermitLedgerException;
import io.ccheadless.core.api.PermitLedger;
import io.ccheadless.core.api.RateLimits;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
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
 * ms of the first free slot), {@code day}, {@code used}, the current run's {@code run} and {@code early_until} (epoch
 * ms), {@code ttl}). A booking is one conditional {@code UpdateItem}:
 * on a busy timeline a conditional {@code ADD} that moves {@code next} on by the slots taken and counts them, whatever
 * other processes booked meanwhile; on an idle one or a new UTC day a new run where the decision put it. When the regime guessed from the
 * state last seen is wrong, the failed condition returns the item ({@code ALL_OLD}) and the booking is decided again on
 * it, so there is never a read. docs/rate-governor.md has the costs.
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
    public RateLimits.Decision book(String key, int wanted, RateLimits limits, Instant now, Duration lead) {
        RateLimits.State guess = lastSeen.getOrDefault(key, RateLimits.State.NONE);
        for (int attempt = 1; ; attempt++) {
            RateLimits.Decision d = limits.decide(guess, wanted, now, lead);
            if (!(d instanceof RateLimits.Book b)) {
                return d;
            }
            try {
                RateLimits.State after = write(key, guess, b, limits, now, lead);
                lastSeen.put(key, after);
                return RateLimits.Book.written(after, b.count(), limits.spacing());
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

    /**
     * One of three conditional writes, chosen by the regime the guess shows; each condition is the whole rule for its
     * regime, so a stale guess can only fail the write, never overbook: a busy timeline is extended by {@code ADD}
     * ({@code next} moves by count x spacing, whatever it was, as long as it lies between now plus the lead and the
     * horizon; the run it belongs to is kept), an idle one starts a new run where the decision put it, provided the
     * timeline has been free at least as long as the run's early slots need, and a new UTC day restarts the count
     * too. Answers the state written (ALL_NEW).
     */
    private RateLimits.State write(String key, RateLimits.State guess, RateLimits.Book b, RateLimits limits, Instant now,
                                   Duration lead) {
        writes.incrementAndGet();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        RateLimits.State after = b.after();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":today", AttributeValue.fromS(today.toString()));
        values.put(":k", n(b.count()));
        values.put(":ttl", n(today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
        String update;
        String condition;
        boolean busy = RateLimits.busy(guess, now, lead);   // the regime the decision took
        if (busy) {
            update = "SET #next = #next + :adv, #ttl = :ttl ADD used :k";
            condition = "#day = :today AND #next > :from AND #next <= :lastStart AND used <= :maxUsed";
            values.put(":adv", n(limits.spacing().multipliedBy(b.count()).toMillis()));
            values.put(":from", n(now.plus(lead).toEpochMilli()));
            values.put(":lastStart", n(now.plus(limits.horizon()).minus(limits.spacing().multipliedBy(b.count() - 1)).toEpochMilli()));
            values.put(":maxUsed", n(limits.dailyLimit() - b.count()));
        } else {
            values.put(":next", n(after.nextFree().toEpochMilli()));
            values.put(":run", n(after.runStart().toEpochMilli()));
            values.put(":early", n(after.earlyUntil().toEpochMilli()));
            values.put(":idleBefore", n(limits.idleBefore(after).toEpochMilli()));
            if (!guess.day().equals(today)) {
                update = "SET #next = :next, #run = :run, #early = :early, #day = :today, used = :k, #ttl = :ttl";
                condition = "attribute_not_exists(pk) OR (#day <> :today AND #next <= :idleBefore)";
            } else {
                update = "SET #next = :next, #run = :run, #early = :early, #ttl = :ttl ADD used :k";
                condition = "#day = :today AND #next <= :idleBefore AND used <= :maxUsed";
                values.put(":maxUsed", n(limits.dailyLimit() - b.count()));
            }
        }
        var r = dynamo.updateItem(u -> u.tableName(table).key(key(key))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(busy ? Map.of("#next", "next", "#day", "day", "#ttl", "ttl")
                        : Map.of("#next", "next", "#day", "day", "#ttl", "ttl", "#run", "run", "#early", "early_until"))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return state(r.attributes());
    }

    /**
     * The stored state, as this code writes it; an item from before runs existed has none (every slot at its place).
     * Any other item is refused by name and attribute ({@link MalformedPermitLedgerException}).
     */
    private static RateLimits.State state(Map<String, AttributeValue> item) {
        String pk = item.get("pk") == null ? "(without a key)" : item.get("pk").s();
        Instant next = Instant.ofEpochMilli(number(item, pk, "next"));
        LocalDate day;
        try {
            day = LocalDate.parse(text(item, pk, "day"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedPermitLedgerException(pk, "day", "is not a date", e);
        }
        long used = number(item, pk, "used");
        if (!item.containsKey("run") || !item.containsKey("early_until")) {
            return new RateLimits.State(next, day, used);
        }
        return new RateLimits.State(next, day, used, Instant.ofEpochMilli(number(item, pk, "run")),
                Instant.ofEpochMilli(number(item, pk, "early_until")));
    }

    private static long number(Map<String, AttributeValue> item, String pk, String attribute) {
        AttributeValue v = item.get(attribute);
        if (v == null) {
            throw new MalformedPermitLedgerException(pk, attribute, "is missing", null);
        }
        if (v.n() == null) {
            throw new MalformedPermitLedgerException(pk, attribute, "is not a number", null);
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            throw new MalformedPermitLedgerException(pk, attribute, "is not a whole number", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String pk, String attribute) {
        AttributeValue v = item.get(attribute);
        if (v == null || v.s() == null) {
            throw new MalformedPermitLedgerException(pk, attribute, v == null ? "is missing" : "is not text", null);
        }
        return v.s();
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
