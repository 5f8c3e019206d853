package io.ccheadless.aws.store;

import io.ccheadless.aws.json.CampaignJson;
import io.ccheadless.aws.json.JsonAttributes;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Campaigns in DynamoDB: key (tenant, campaign_id), so a repeated upsert replaces one item; the
 * {@code by_last_sent} index (tenant, last_sent_at) answers "sent between A and B, newest first" with a Query.
 * Writes go 25 to a BatchWriteItem; unprocessed items are sent again with backoff.
 *
 * <p>{@code announced_sent_at} holds the newest announced send ({@code "none"} while the first is pending). Items
 * written before that attribute existed were announced by the code that wrote them, so its absence reads as
 * "announced up to the last send". {@code announced_sends} (a string set, absent while empty) holds the re-sends
 * announced, each as CC identifies it ({@code <resend activity id>/<send id>}). {@code content_unavailable_for}
 * (absent unless CC refused it) is the send for which CC could not give the campaign's content.
 *
 * <p>Every other attribute is the campaign's one shape ({@link CampaignJson}) as DynamoDB attributes
 * ({@link JsonAttributes}): what the API answers and the events carry, field for field. Items written before the
 * store kept that shape (flat counts, {@code report_refreshed_at}…) are read by {@link LegacyCampaignItem} and take
 * the shape on their next write.
 */
public final class DynamoCampaignStore implements CampaignStore {
    public static final String BY_LAST_SENT = "by_last_sent";
    static final String NONE = "none";
    private static final int BATCH = 25;
    private static final int MAX_BATCH_ATTEMPTS = 8;
    /**
     * Items a Query call asks for when the sync reads its whole window: a thousand campaigns are read in a few calls
     * of bounded size, each well inside the 4 s call bound even on a slow emulator, instead of 1 MB answers.
     */
    static final int QUERY_PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Sleeper sleeper;
    private final Consumer<Integer> itemsWritten;

    public DynamoCampaignStore(DynamoDbClient dynamo, String table, Sleeper sleeper) {
        this(dynamo, table, sleeper, n -> { });
    }

    /** @param itemsWritten told how many items each successful BatchWriteItem call wrote (metrics, benchmarks) */
    public DynamoCampaignStore(DynamoDbClient dynamo, String table, Sleeper sleeper, Consumer<Integer> itemsWritten) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.itemsWritten = Objects.requireNonNull(itemsWritten, "itemsWritten");
    }

    @Override
    public List<SentCampaign> sentBetween(String tenant, Instant from, Instant to) {
        List<SentCampaign> out = new ArrayList<>();
        query(tenant, from, to, null, Integer.MAX_VALUE, i -> out.add(fromItem(i).campaign()));
        return out;
    }

    @Override
    public CampaignPage sentBetween(String tenant, Instant from, Instant to, int limit, String cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        query(tenant, from, to, cursor == null ? null : decode(tenant, cursor), limit + 1, items::add);
        boolean more = items.size() > limit;
        List<Map<String, AttributeValue>> page = more ? items.subList(0, limit) : items;
        String next = more ? encode(page.get(page.size() - 1)) : null;
        return new CampaignPage(page.stream().map(i -> fromItem(i).campaign()).toList(), next);
    }

    @Override
    public List<StoredCampaign> syncedSince(String tenant, Instant from) {
        List<StoredCampaign> out = new ArrayList<>();
        query(tenant, from, Instant.parse("9999-12-31T23:59:59Z"), null, Integer.MAX_VALUE, i -> out.add(fromItem(i)));
        return out;
    }

    /** Newest first, from {@code start} (exclusive) on, until {@code max} items or the range ends. */
    private void query(String tenant, Instant from, Instant to, Map<String, AttributeValue> start, int max,
                       Consumer<Map<String, AttributeValue>> sink) {
        int taken = 0;
        try {
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_LAST_SENT)
                        .keyConditionExpression("tenant = :t AND last_sent_at BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant),
                                ":from", AttributeValue.fromS(SortableTime.format(from)),
                                ":to", AttributeValue.fromS(SortableTime.format(to))))
                        .scanIndexForward(false);
                q.limit(max == Integer.MAX_VALUE ? QUERY_PAGE : max - taken);   // an API page: one call
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                var r = dynamo.query(q.build());
                for (Map<String, AttributeValue> i : r.items()) {
                    if (taken < max) {
                        sink.accept(i);
                        taken++;
                    }
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null && taken < max);
        } catch (SdkException e) {
            throw AwsErrors.unavailable("querying campaigns of tenant '" + tenant + "' in table " + table, e);
        }
    }

    @Override
    public void upsert(List<StoredCampaign> campaigns) {
        for (int i = 0; i < campaigns.size(); i += BATCH) {
            List<WriteRequest> batch = new ArrayList<>();
            for (StoredCampaign c : campaigns.subList(i, Math.min(campaigns.size(), i + BATCH))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(c)).build()).build());
            }
            writeBatch(batch);
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        Duration backoff = Duration.ofMillis(50);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            int sent = pending.get(table).size();
            try {
                final Map<String, List<WriteRequest>> send = pending;
                var r = dynamo.batchWriteItem(b -> b.requestItems(send));
                pending = r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty() ? r.unprocessedItems() : Map.of();
            } catch (SdkException e) {
                throw AwsErrors.unavailable("writing campaigns to table " + table, e);
            }
            itemsWritten.accept(sent - (pending.isEmpty() ? 0 : pending.get(table).size()));
            if (!pending.isEmpty()) {
                if (attempt >= MAX_BATCH_ATTEMPTS) {
                    throw new StoreUnavailableException("table " + table + " left " + pending.get(table).size()
                            + " campaign writes unprocessed after " + attempt + " attempts", null);
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted", e);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** The item's attributes that are not the campaign's shape: its key and what the sync announced. */
    private static final Set<String> BOOKKEEPING = Set.of("tenant", "announced_sent_at", "announced_sends",
            "content_unavailable_for");

    /**
     * Priming: a write's path through {@link #upsert}'s batch writer (BatchWriteItem, its answer, the retry loop),
     * changing nothing: one DeleteRequest of a campaign id no campaign has, under {@code tenant}; a put request is
     * built as a write builds one, and not sent.
     */
    public void rehearseWrite(String tenant) {
        Map<String, AttributeValue> key = Map.of("tenant", AttributeValue.fromS(tenant),
                "campaign_id", AttributeValue.fromS(NO_CAMPAIGN));
        WriteRequest.builder().putRequest(PutRequest.builder().item(key).build()).build();
        writeBatch(List.of(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build()));
    }

    /** A campaign id CC never gives (its ids are UUIDs): deleting it under any tenant deletes nothing. */
    public static final String NO_CAMPAIGN = "cch-priming-no-campaign";

    /** Priming: each campaign through the item codec both ways, as a write and the next run's read see it; nothing sent. */
    public static void rehearseCodec(List<StoredCampaign> campaigns) {
        for (StoredCampaign c : campaigns) {
            fromItem(toItem(c));
        }
    }

    /**
     * The campaign's item: its one shape ({@link CampaignJson}, the API's and the events' too) as attributes, plus
     * the key's {@code tenant} and the announcement bookkeeping. {@code last_sent_at} (the index's sort key) is the
     * shape's own field, a {@link SortableTime} string.
     */
    static Map<String, AttributeValue> toItem(StoredCampaign stored) {
        SentCampaign c = stored.campaign();
        Map<String, AttributeValue> i = new HashMap<>(JsonAttributes.item(CampaignJson.of(c)));
        i.put("tenant", AttributeValue.fromS(c.tenant()));
        i.put("announced_sent_at", AttributeValue.fromS(stored.announcedSentAt() == null ? NONE
                : SortableTime.format(stored.announcedSentAt())));
        if (!stored.announcedSends().isEmpty()) {
            i.put("announced_sends", AttributeValue.fromSs(stored.announcedSends()));
        }
        if (stored.contentUnavailableFor() != null) {
            i.put("content_unavailable_for", AttributeValue.fromS(SortableTime.format(stored.contentUnavailableFor())));
        }
        return i;
    }

    static StoredCampaign fromItem(Map<String, AttributeValue> i) {
        SentCampaign c = i.containsKey("stats") && i.get("stats").hasM()
                ? CampaignJson.read(i.get("tenant").s(), JsonAttributes.object(i, BOOKKEEPING))
                : LegacyCampaignItem.read(i);
        AttributeValue a = i.get("announced_sent_at");
        Instant announced = a == null ? c.lastSentAt() : NONE.equals(a.s()) ? null : SortableTime.parse(a.s());
        AttributeValue keys = i.get("announced_sends");
        AttributeValue refused = i.get("content_unavailable_for");
        return new StoredCampaign(c, announced, keys == null || !keys.hasSs() ? List.of() : keys.ss(),
                refused == null ? null : SortableTime.parse(refused.s()));
    }

    /** The index position of an item, opaque to callers: base64url of "last_sent_at|campaign_id". */
    private static String encode(Map<String, AttributeValue> item) {
        String raw = item.get("last_sent_at").s() + "|" + item.get("campaign_id").s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decode(String tenant, String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            String sent = raw.substring(0, bar);
            SortableTime.parse(sent);
            String id = raw.substring(bar + 1);
            if (id.isBlank()) {
                throw new IllegalArgumentException();
            }
            return Map.of("tenant", AttributeValue.fromS(tenant), "campaign_id", AttributeValue.fromS(id),
                    "last_sent_at", AttributeValue.fromS(sent));
        } catch (RuntimeException e) {
            throw new BadCursorException("the cursor is not one this API handed out");
        }
    }
}
