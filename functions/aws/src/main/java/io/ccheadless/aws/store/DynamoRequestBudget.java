package io.ccheadless.aws.store;

import io.ccheadless.core.api.RequestBudget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * Today's CC request budget as one counter item per UTC day in the state table ({@code pk = ccbudget#<yyyy-mm-dd>},
 * expiring two days later through {@code ttl}). Taking requests is one conditional {@code ADD} that never lets the
 * count pass the limit, so syncs of several tenants running at once cannot overdraw it together. The count is per
 * stack: other users of the same CC API key are not in it (keep the limit below CC's 10,000 for them).
 */
public final class DynamoRequestBudget implements RequestBudget {
    private final DynamoDbClient dynamo;
    private final String table;
    private final int dailyLimit;

    public DynamoRequestBudget(DynamoDbClient dynamo, String table, int dailyLimit) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        if (dailyLimit < 1) {
            throw new IllegalArgumentException("dailyLimit must be positive");
        }
        this.dailyLimit = dailyLimit;
    }

    static Map<String, AttributeValue> key(LocalDate day) {
        return Map.of("pk", AttributeValue.fromS("ccbudget#" + day));
    }

    @Override
    public int take(int wanted, Instant now) {
        if (wanted < 1) {
            return 0;
        }
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int ask = Math.min(wanted, dailyLimit);
        for (int attempt = 0; attempt < 2 && ask > 0; attempt++) {
            try {
                final int n = ask;
                dynamo.updateItem(b -> b.tableName(table).key(key(day))
                        .updateExpression("SET #ttl = :ttl ADD used :n")
                        .conditionExpression("attribute_not_exists(used) OR used <= :max")
                        .expressionAttributeNames(Map.of("#ttl", "ttl"))
                        .expressionAttributeValues(Map.of(":n", n(n), ":max", n(dailyLimit - n),
                                ":ttl", n(day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return n;
            } catch (ConditionalCheckFailedException e) {
                long used = e.hasItem() && e.item().containsKey("used") ? Long.parseLong(e.item().get("used").n()) : dailyLimit;
                ask = (int) Math.max(0, Math.min(ask - 1, dailyLimit - used));   // whatever is left, if anything
            } catch (SdkException e) {
                throw AwsErrors.unavailable("taking CC requests from today's budget", e);
            }
        }
        return 0;
    }

    @Override
    public void giveBack(int unused, Instant takenAt) {
        if (unused < 1) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(takenAt, ZoneOffset.UTC);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(day)).updateExpression("ADD used :n")
                    .conditionExpression("attribute_exists(used)")
                    .expressionAttributeValues(Map.of(":n", n(-unused))));
        } catch (ConditionalCheckFailedException e) {
            // the day's item expired: nothing to give back to
        } catch (SdkException e) {
            throw AwsErrors.unavailable("giving unused CC requests back to the budget", e);
        }
    }

    /** Requests counted for the UTC day of {@code at} (0 if none). */
    public long used(Instant at) {
        try {
            var r = dynamo.getItem(b -> b.tableName(table).key(key(LocalDate.ofInstant(at, ZoneOffset.UTC))).consistentRead(true));
            return r.hasItem() && r.item().containsKey("used") ? Long.parseLong(r.item().get("used").n()) : 0;
        } catch (SdkException e) {
            throw AwsErrors.unavailable("reading today's CC request budget", e);
        }
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
