package io.ccheadless.aws.store;

import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.token.TokenPointer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The tenants of the state table: one paginated, strongly consistent Scan of its {@code tenant#} (pointer) and
 * {@code sync#} (sync state) items, the two joined by tenant. A Scan reads the whole table (about 1 KB per tenant and
 * hour's worth of small items); at thousands of tenants it is a few read units per run (docs/tenants.md).
 */
public final class DynamoTenantRegistry implements TenantRegistry {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantRegistry(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<TenantEntry> list() {
        Map<String, TokenPointer> pointers = new TreeMap<>();
        Map<String, Instant> lastSync = new HashMap<>();
        try {
            var pages = dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                    .filterExpression("begins_with(pk, :t) OR begins_with(pk, :s)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("tenant#"), ":s", AttributeValue.fromS("sync#"))));
            for (var page : pages) {
                for (Map<String, AttributeValue> item : page.items()) {
                    String pk = item.get("pk").s();
                    try {
                        if (pk.startsWith("tenant#")) {
                            String tenant = pk.substring("tenant#".length());
                            pointers.put(tenant, DynamoPointerStore.toPointer(tenant, item));
                        } else {
                            Instant at = DynamoSyncStateStore.toState(item).lastCompletedAt();
                            if (at != null) {
                                lastSync.put(pk.substring("sync#".length()), at);
                            }
                        }
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("the item " + pk + " of table " + table
                                + " is not one this code writes (" + e.getMessage() + ")", e);
                    }
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.unavailable("listing the tenants of table " + table, e);
        }
        List<TenantEntry> out = new ArrayList<>();
        pointers.forEach((tenant, p) -> out.add(new TenantEntry(tenant, p.status(), p.generation(), p.refreshTokenIssuedAt(),
                lastSync.get(tenant))));
        return out;
    }
}
