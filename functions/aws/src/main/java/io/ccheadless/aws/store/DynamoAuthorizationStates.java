package io.ccheadless.aws.store;

import io.ccheadless.core.oauth.AuthorizationStates;
import io.ccheadless.core.oauth.PendingAuthorization;
import io.ccheadless.core.oauth.Secret;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Single-use states in the state table ({@code pk = authstate#<sha256(state)>}), expired by the table's
 * TTL and, exactly, by the consume condition. Consumption is one conditional DeleteItem, so a replay fails.
 */
public final class DynamoAuthorizationStates implements AuthorizationStates {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAuthorizationStates(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void save(String stateHash, PendingAuthorization p) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS("authstate#" + stateHash),
                    "tenant", AttributeValue.fromS(p.tenant()),
                    "redirect_uri", AttributeValue.fromS(p.redirectUri().toString()),
                    "code_verifier", AttributeValue.fromS(p.codeVerifier().reveal()),
                    "expires_at", StateTime.of(p.expiresAt()),
                    "allow_account_change", AttributeValue.fromBool(p.allowAccountChange()),
                    // DynamoDB's TTL: epoch seconds, the one exception to StateTime
                    "ttl", AttributeValue.fromN(Long.toString(p.expiresAt().getEpochSecond() + 3600))))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (SdkException e) {
            throw AwsErrors.unavailable("storing an authorization state in table " + table, e);
        }
    }

    @Override
    public Optional<PendingAuthorization> consume(String stateHash, Instant now) {
        try {
            var r = dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("authstate#" + stateHash)))
                    .conditionExpression("attribute_exists(pk) AND expires_at > :now")
                    .expressionAttributeValues(Map.of(":now", StateTime.of(now)))
                    .returnValues(ReturnValue.ALL_OLD));
            var i = r.attributes();
            return Optional.of(new PendingAuthorization(i.get("tenant").s(), URI.create(i.get("redirect_uri").s()),
                    Secret.of(i.get("code_verifier").s()), StateTime.read(i, "expires_at"),
                    i.containsKey("allow_account_change") && Boolean.TRUE.equals(i.get("allow_account_change").bool())));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.unavailable("consuming an authorization state in table " + table, e);
        }
    }
}
