package io.ccheadless.aws.store;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.Map;

/**
 * The one conditional write that takes a lease on an item (the token pointer's, the sync state's):
 * owner, a fresh fence and an expiry, only if no unexpired lease is there at {@code now}. On conflict
 * the holder is read from the old item ({@code ALL_OLD}), so the caller learns who holds it.
 */
final class LeaseWrite {
    private LeaseWrite() {
    }

    /** Either the item as written (acquired) or the holder's owner, fence and expiry. */
    record Result(Map<String, AttributeValue> written, String holderOwner, String holderFence, Instant holderUntil) {
        boolean acquired() {
            return written != null;
        }
    }

    static Result tryAcquire(DynamoDbClient dynamo, String table, Map<String, AttributeValue> key, String tenant,
                             String owner, String fence, Instant until, Instant now, String what) {
        try {
            var r = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET lease_owner = :o, lease_fence = :f, lease_until = :u, tenant = :t")
                    .conditionExpression("attribute_not_exists(lease_until) OR lease_until <= :now")
                    .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner), ":f", AttributeValue.fromS(fence),
                            ":u", StateTime.of(until), ":t", AttributeValue.fromS(tenant), ":now", StateTime.of(now)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return new Result(r.attributes(), null, null, null);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            boolean known = old.containsKey("lease_fence") && old.containsKey("lease_until");
            return new Result(null,
                    known && old.containsKey("lease_owner") ? old.get("lease_owner").s() : "unknown",
                    known ? old.get("lease_fence").s() : "unknown",
                    known ? StateTime.read(old, "lease_until") : now);
        } catch (SdkException e) {
            throw AwsErrors.unavailable(what + " of tenant '" + tenant + "'", e);
        }
    }
}
