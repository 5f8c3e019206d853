package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DynamoCampaignStoreMotoTest {
    final Instant now = Instant.parse("2026-11-01T12:00:00Z");
    AwsClients aws;
    DynamoCampaignStore store;
    String table;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        table = Settings.fromEnvironment(env).campaignsTable();
        store = new DynamoCampaignStore(aws.dynamo(), table, Sleeper.REAL);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    SentCampaign c(String tenant, int i, Instant sent) {
        return new SentCampaign(tenant, "c-" + i, "Campaign " + i, "Done", "NEWSLETTER", sent,
                new CampaignStats(100 + i, 50, 10, 1, 0, 0, 2, 48), now);
    }

    @Test
    void upsertIsIdempotentAcrossBatchesAndTheIndexAnswersNewestFirst() {
        List<SentCampaign> list = new ArrayList<>();
        for (int i = 0; i < 60; i++) {   // more than two BatchWriteItem batches
            list.add(c("acme", i, now.minus(Duration.ofHours(i)).plusMillis(i % 3 == 0 ? 500 : 0)));
        }
        store.upsert(list);
        store.upsert(list);
        assertEquals(60, aws.dynamo().scan(b -> b.tableName(table)).count(), "one item per campaign after two runs");
        List<SentCampaign> last10h = store.sentBetween("acme", now.minus(Duration.ofHours(10)).plusSeconds(1), now.plusSeconds(1));
        assertEquals(10, last10h.size());
        assertEquals("c-0", last10h.get(0).campaignId());
        for (int i = 1; i < last10h.size(); i++) {
            assertTrue(last10h.get(i - 1).lastSentAt().isAfter(last10h.get(i).lastSentAt()), "newest first");
        }
        assertEquals(list.get(3), store.sentBetween("acme", now.minus(Duration.ofHours(3)).minusSeconds(1),
                now.minus(Duration.ofHours(3)).plusSeconds(1)).get(0), "round-trips every field");
    }

    @Test
    void tenantsDoNotSeeEachOthersCampaigns() {
        store.upsert(List.of(c("a", 1, now), c("b", 2, now)));
        assertEquals(List.of("c-1"), store.sentBetween("a", now.minusSeconds(5), now.plusSeconds(5)).stream()
                .map(SentCampaign::campaignId).toList());
    }
}
