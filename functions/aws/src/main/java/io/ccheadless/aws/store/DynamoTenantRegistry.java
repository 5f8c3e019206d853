package io.ccheadless.aws.store;

import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.PartnerRegistry;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
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
 * The tenants of the state table: one paginated, strongly consistent Scan of its {@code tenant#} (an OAuth tenant's
 * pointer), {@code partner#} (a partner tenant's listing, written by discovery) and {@code sync#} (sync state) items,
 * joined by tenant. A Scan reads the whole table (about 1 KB per tenant and
 * hour's worth of small items); at thousands of tenants it is a few read units per run (docs/tenants.md).
 */
public final class DynamoTenantRegistry implements TenantRegistry, PartnerRegistry {
    /** The leading key of a partner tenant's item: {@code partner#<encoded account id>}. */
    static final String PARTNER = "partner#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantRegistry(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<TenantEntry> list() {
        Map<String, TokenPointer> pointers = new TreeMap<>();
        Map<String, PartnerListing> partners = new TreeMap<>();
        Map<String, Instant> lastSync = new HashMap<>();
        try {
            var pages = dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                    .filterExpression("begins_with(pk, :t) OR begins_with(pk, :s) OR begins_with(pk, :p)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("tenant#"), ":s", AttributeValue.fromS("sync#"),
                            ":p", AttributeValue.fromS(PARTNER))));
            for (var page : pages) {
                for (Map<String, AttributeValue> item : page.items()) {
                    String pk = item.get("pk").s();
                    try {
                        if (pk.startsWith("tenant#")) {
                            String tenant = pk.substring("tenant#".length());
                            pointers.put(tenant, DynamoPointerStore.toPointer(tenant, item));
                        } else if (pk.startsWith(PARTNER)) {
                            PartnerListing l = toListing(item);
                            if (l != null) {   // an item edited by hand into something unreadable is left out, not fatal
                                partners.put(l.tenant(), l);
                            }
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
        partners.forEach((tenant, l) -> out.add(TenantEntry.partner(l, lastSync.get(tenant))));
        return out;
    }

    /** One {@code PutItem} of the whole listing: discovery writes only what changed, and the last write wins. */
    @Override
    public void put(PartnerListing listing) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(PARTNER + listing.encodedAccountId()));
        item.put("kind", AttributeValue.fromS("partner"));
        item.put("account", AttributeValue.fromS(listing.encodedAccountId()));
        item.put("organization", AttributeValue.fromS(listing.organizationName()));
        item.put("listed", AttributeValue.fromBool(listing.listed()));
        item.put("since", StateTime.of(listing.since()));   // epoch ms, as every time in the state table
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            throw AwsErrors.unavailable("recording partner tenant " + listing.tenant() + " in table " + table, e);
        }
    }

    /** The listing an item holds, or null when it is not readable as one. */
    static PartnerListing toListing(Map<String, AttributeValue> item) {
        AttributeValue account = item.get("account");
        AttributeValue since = item.get("since");
        if (account == null || account.s() == null || !TenantKind.validAccountId(account.s()) || since == null) {
            return null;
        }
        try {
            AttributeValue org = item.get("organization");
            return new PartnerListing(account.s(), org == null || org.s() == null ? "" : org.s(),
                    item.containsKey("listed") && Boolean.TRUE.equals(item.get("listed").bool()), StateTime.read(since));
        } catch (RuntimeException e) {   // not a time (a number that is not one, a string that does not parse)
            return null;
        }
    }
}
