package io.ccheadless.aws.store;

import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.obs.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Campaigns in DynamoDB: key (tenant, campaign_id), so a repeated upsert replaces one item; the
 * {@code by_last_sent} index (tenant, last_sent_at) answers "sent between A and B, newest first".
 */
public final class DynamoCampaignStore implements CampaignStore {
    public static final String BY_LAST_SENT = "by_last_sent";
    private static final int BATCH = 25;
    private static final int MAX_BATCH_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Sleeper sleeper;

    public DynamoCampaignStore(DynamoDbClient dynamo, String table, Sleeper sleeper) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public List<SentCampaign> sentBetween(String tenant, Instant from, Instant to) {
        List<SentCampaign> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(BY_LAST_SENT)
                        .keyConditionExpression("tenant = :t AND last_sent_at BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant),
                                ":from", AttributeValue.fromS(SortableTime.format(from)),
                                ":to", AttributeValue.fromS(SortableTime.format(to))))
                        .scanIndexForward(false);
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                var r = dynamo.query(q.build());
                r.items().forEach(i -> out.add(fromItem(i)));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw AwsErrors.unavailable("querying campaigns of tenant '" + tenant + "' in table " + table, e);
        }
        return out;
    }

    @Override
    public void upsert(List<SentCampaign> campaigns) {
        for (int i = 0; i < campaigns.size(); i += BATCH) {
            List<WriteRequest> batch = new ArrayList<>();
            for (SentCampaign c : campaigns.subList(i, Math.min(campaigns.size(), i + BATCH))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(c)).build()).build());
            }
            writeBatch(batch);
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        Duration backoff = Duration.ofMillis(50);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            try {
                final Map<String, List<WriteRequest>> send = pending;
                var r = dynamo.batchWriteItem(b -> b.requestItems(send));
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            } catch (SdkException e) {
                throw AwsErrors.unavailable("writing campaigns to table " + table, e);
            }
            if (!pending.isEmpty()) {
                if (attempt >= MAX_BATCH_ATTEMPTS) {
                    throw new io.ccheadless.core.token.StoreUnavailableException("table " + table + " left "
                            + pending.get(table).size() + " campaign writes unprocessed after " + attempt + " attempts", null);
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.ccheadless.core.token.StoreUnavailableException("interrupted", e);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    static Map<String, AttributeValue> toItem(SentCampaign c) {
        Map<String, AttributeValue> i = new HashMap<>();
        i.put("tenant", AttributeValue.fromS(c.tenant()));
        i.put("campaign_id", AttributeValue.fromS(c.campaignId()));
        i.put("name", AttributeValue.fromS(c.name()));
        i.put("status", AttributeValue.fromS(c.status()));
        i.put("campaign_type", AttributeValue.fromS(c.campaignType()));
        i.put("last_sent_at", AttributeValue.fromS(SortableTime.format(c.lastSentAt())));
        i.put("synced_at", AttributeValue.fromS(SortableTime.format(c.syncedAt())));
        CampaignStats s = c.stats();
        i.put("sends", num(s.sends()));
        i.put("opens", num(s.opens()));
        i.put("clicks", num(s.clicks()));
        i.put("forwards", num(s.forwards()));
        i.put("optouts", num(s.optouts()));
        i.put("abuse", num(s.abuse()));
        i.put("bounces", num(s.bounces()));
        i.put("not_opened", num(s.notOpened()));
        return i;
    }

    static SentCampaign fromItem(Map<String, AttributeValue> i) {
        return new SentCampaign(i.get("tenant").s(), i.get("campaign_id").s(), i.get("name").s(), i.get("status").s(),
                i.get("campaign_type").s(), SortableTime.parse(i.get("last_sent_at").s()),
                new CampaignStats(l(i, "sends"), l(i, "opens"), l(i, "clicks"), l(i, "forwards"), l(i, "optouts"),
                        l(i, "abuse"), l(i, "bounces"), l(i, "not_opened")),
                SortableTime.parse(i.get("synced_at").s()));
    }

    private static AttributeValue num(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static long l(Map<String, AttributeValue> i, String k) {
        return i.containsKey(k) ? Long.parseLong(i.get(k).n()) : 0;
    }
}
