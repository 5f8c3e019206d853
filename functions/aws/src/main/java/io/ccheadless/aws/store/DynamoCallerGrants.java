package io.ccheadless.aws.store;

import io.ccheadless.core.access.CallerGrants;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The internal API's caller grants as one state-table item per principal ({@code pk = caller#<principal ARN>},
 * attribute {@code tenants}: a string set). Read with a consistent GetItem on every request, so a revoke
 * holds from the next request on; written only by the operator's CLI (ADD / DELETE on the set, so two
 * operators granting at once both land).
 */
public final class DynamoCallerGrants implements CallerGrants {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCallerGrants(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    static Map<String, AttributeValue> key(String principal) {
        return Map.of("pk", AttributeValue.fromS("caller#" + principal));
    }

    @Override
    public Set<String> tenantsOf(String principal) {
        try {
            var r = dynamo.getItem(b -> b.tableName(table).key(key(principal)).consistentRead(true)
                    .projectionExpression("tenants"));
            if (!r.hasItem() || r.item().get("tenants") == null || !r.item().get("tenants").hasSs()) {
                return Set.of();
            }
            return Set.copyOf(r.item().get("tenants").ss());
        } catch (SdkException e) {
            throw AwsErrors.unavailable("reading the tenant grants of " + principal + " from table " + table, e);
        }
    }

    @Override
    public void grant(String principal, String tenant) {
        update(principal, "ADD tenants :t", tenant, "granting");
    }

    @Override
    public void revoke(String principal, String tenant) {
        update(principal, "DELETE tenants :t", tenant, "revoking");
    }

    private void update(String principal, String expression, String tenant, String what) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(principal)).updateExpression(expression)
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromSs(java.util.List.of(tenant)))));
        } catch (SdkException e) {
            throw AwsErrors.unavailable(what + " tenant '" + tenant + "' for " + principal + " in table " + table, e);
        }
    }
}
