package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DynamoCampaignStoreMotoTest {
    final Instant now = Instant.parse("2026-11-01T12:00:00Z");
    final AtomicInteger written = new AtomicInteger();
    AwsClients aws;
    DynamoCampaignStore store;
    String table;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        table = Settings.fromEnvironment(env).campaignsTable();
        store = new DynamoCampaignStore(aws.dynamo(), table, Sleeper.REAL, written::addAndGet);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    SentCampaign c(String tenant, int i, Instant sent) {
        return new SentCampaign(tenant, "c-" + i, "Campaign " + i, "Done", "NEWSLETTER", sent,
                new CampaignStats(100 + i, 50, 10, 1, 0, 0, 2, 48), now);
    }

    StoredCampaign announced(SentCampaign c) {
        return new StoredCampaign(c, c.lastSentAt());
    }

    @Test
    void upsertIsIdempotentAcrossBatchesAndTheIndexAnswersNewestFirst() {
        List<StoredCampaign> list = new ArrayList<>();
        for (int i = 0; i < 60; i++) {   // more than two BatchWriteItem batches
            list.add(announced(c("acme", i, now.minus(Duration.ofHours(i)).plusMillis(i % 3 == 0 ? 500 : 0))));
        }
        store.upsert(list);
        store.upsert(list);
        assertEquals(60, aws.dynamo().scan(b -> b.tableName(table)).count(), "one item per campaign after two runs");
        assertEquals(120, written.get(), "every write counted");
        List<SentCampaign> last10h = store.sentBetween("acme", now.minus(Duration.ofHours(10)).plusSeconds(1), now.plusSeconds(1));
        assertEquals(10, last10h.size());
        assertEquals("c-0", last10h.get(0).campaignId());
        for (int i = 1; i < last10h.size(); i++) {
            assertTrue(last10h.get(i - 1).lastSentAt().isAfter(last10h.get(i).lastSentAt()), "newest first");
        }
        assertEquals(list.get(3).campaign(), store.sentBetween("acme", now.minus(Duration.ofHours(3)).minusSeconds(1),
                now.minus(Duration.ofHours(3)).plusSeconds(1)).get(0), "round-trips every field");
    }

    @Test
    void thePendingAnnouncementRoundTripsAndItemsFromBeforeItExistedReadAsAnnounced() {
        SentCampaign pending = c("acme", 1, now.minusSeconds(60));
        CampaignReport report = new CampaignReport(1200, 150, new CampaignReport.Devices(700, 400, 60, 40),
                new CampaignReport.Devices(90, 50, 6, 4), now.minusSeconds(90),
                Map.of("open", 30.0, "bounce", 1.5, "click", 12.25))   // 30.0: DynamoDB keeps it as 30
                .readAt(now.minusSeconds(20), c("acme", 2, now.minusSeconds(30)).stats());
        io.ccheadless.core.campaigns.CampaignContent content = new io.ccheadless.core.campaigns.CampaignContent("a-1",
                "Fresh beans", "Roastery", "", List.of(new io.ccheadless.core.campaigns.CampaignContent.Link(
                "https://example.com/beans", 12), new io.ccheadless.core.campaigns.CampaignContent.Link("https://example.com/x", 0)));
        SentCampaign resent = c("acme", 2, now.minusSeconds(30)).withReport(report, now.minusSeconds(20))
                .withContent(content, now.minusSeconds(20));
        store.upsert(List.of(new StoredCampaign(pending, null, List.of(), pending.lastSentAt()),
                new StoredCampaign(resent, now.minus(Duration.ofDays(2)), List.of("a-9/2", "a-9/1"))));
        Map<String, AttributeValue> legacy = new java.util.HashMap<>(legacyItem("c-3", false));
        legacy.remove("announced_sent_at");
        aws.dynamo().putItem(b -> b.tableName(table).item(legacy));

        Map<String, StoredCampaign> back = new java.util.HashMap<>();
        store.syncedSince("acme", now.minus(Duration.ofDays(1))).forEach(s -> back.put(s.campaignId(), s));

        assertNull(back.get("c-1").announcedSentAt());
        assertTrue(back.get("c-1").announcementPending());
        assertEquals(now.minus(Duration.ofDays(2)), back.get("c-2").announcedSentAt());
        assertTrue(back.get("c-2").announcementPending(), "a re-send not yet announced");
        assertEquals(List.of("a-9/1", "a-9/2"), back.get("c-2").announcedSends(), "the announced re-sends, as CC names them");
        assertEquals(List.of(), back.get("c-1").announcedSends());
        assertEquals(pending.lastSentAt(), back.get("c-1").contentUnavailableFor(), "CC's refusal of its content is kept");
        assertNull(back.get("c-2").contentUnavailableFor());
        assertEquals(report, back.get("c-2").campaign().report(), "CC's stats report round-trips, with when it was read at which counts");
        assertNull(back.get("c-1").campaign().report(), "none until a sweep read it");
        assertEquals(content, back.get("c-2").campaign().content(), "subject, from name, preheader and links round-trip");
        assertNull(back.get("c-1").campaign().content(), "none until read");
        assertFalse(back.get("c-3").announcementPending(), "written by the code before announcements were tracked");
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** An item exactly as the store wrote it before it kept the campaign's one shape (flat attributes). */
    Map<String, AttributeValue> legacyItem(String id, boolean withReportAndContent) {
        Map<String, AttributeValue> i = new java.util.HashMap<>(Map.of("tenant", AttributeValue.fromS("acme"),
                "campaign_id", AttributeValue.fromS(id), "name", AttributeValue.fromS("Old " + id),
                "status", AttributeValue.fromS("Done"), "campaign_type", AttributeValue.fromS("NEWSLETTER"),
                "last_sent_at", AttributeValue.fromS("2026-11-01T11:00:00.000Z"),
                "synced_at", AttributeValue.fromS("2026-11-01T11:05:00.000Z"),
                "announced_sent_at", AttributeValue.fromS("2026-11-01T11:00:00.000Z")));
        i.putAll(Map.of("sends", n(3100), "opens", n(900), "clicks", n(120), "forwards", n(3), "optouts", n(4),
                "abuse", n(1), "bounces", n(40), "not_opened", n(2160)));
        if (withReportAndContent) {
            i.putAll(Map.of("opens_all", n(1400), "clicks_all", n(180), "opens_computer", n(800), "opens_mobile", n(500),
                    "opens_tablet", n(60), "opens_other", n(40), "clicks_computer", n(100), "clicks_mobile", n(70),
                    "clicks_tablet", n(6), "clicks_other", n(4)));
            i.putAll(Map.of("report_refreshed_at", AttributeValue.fromS("2026-11-01T11:04:00.000Z"),
                    "activity_id", AttributeValue.fromS("a-7"), "subject", AttributeValue.fromS("Fresh beans"),
                    "from_name", AttributeValue.fromS("Roastery"), "preheader", AttributeValue.fromS(""),
                    "links", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("url",
                            AttributeValue.fromS("https://example.com/beans"), "unique_clicks", n(12)))))));
        }
        return i;
    }

    @Test
    void itemsInTheLayoutBeforeTheOneShapeStillReadAndTakeTheShapeOnTheirNextWrite() {
        aws.dynamo().putItem(b -> b.tableName(table).item(legacyItem("c-old", true)));
        aws.dynamo().putItem(b -> b.tableName(table).item(legacyItem("c-bare", false)));
        Map<String, StoredCampaign> back = new java.util.HashMap<>();
        store.syncedSince("acme", now.minus(Duration.ofDays(1))).forEach(s -> back.put(s.campaignId(), s));

        SentCampaign old = back.get("c-old").campaign();
        assertEquals(new CampaignStats(3100, 900, 120, 3, 4, 1, 40, 2160), old.stats());
        assertEquals(new CampaignReport(1400, 180, new CampaignReport.Devices(800, 500, 60, 40),
                new CampaignReport.Devices(100, 70, 6, 4), Instant.parse("2026-11-01T11:04:00Z")), old.report());
        assertEquals(new io.ccheadless.core.campaigns.CampaignContent("a-7", "Fresh beans", "Roastery", "",
                List.of(new io.ccheadless.core.campaigns.CampaignContent.Link("https://example.com/beans", 12))), old.content());
        assertEquals(Instant.parse("2026-11-01T11:00:00Z"), back.get("c-old").announcedSentAt());
        assertNull(back.get("c-bare").campaign().report());
        assertNull(back.get("c-bare").campaign().content());

        store.upsert(List.of(back.get("c-old")));
        var rewritten = aws.dynamo().getItem(b -> b.tableName(table).key(Map.of("tenant", AttributeValue.fromS("acme"),
                "campaign_id", AttributeValue.fromS("c-old")))).item();
        assertTrue(rewritten.get("stats").hasM(), "the next write is in the one shape");
        assertFalse(rewritten.containsKey("opens_all"), "no flat attribute left behind");
        assertEquals(back.get("c-old"), store.syncedSince("acme", now.minus(Duration.ofDays(1))).stream()
                .filter(s -> s.campaignId().equals("c-old")).findFirst().orElseThrow(), "the same campaign either way");
    }

    @Test
    void pagesFollowTheIndexWithOpaqueCursorsAndNoEmptyLastPage() {
        List<StoredCampaign> list = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            list.add(announced(c("acme", i, now.minus(Duration.ofMinutes(i)))));
        }
        store.upsert(list);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CampaignStore.CampaignPage p = store.sentBetween("acme", now.minus(Duration.ofDays(1)), now, 3, cursor);
            p.campaigns().forEach(x -> seen.add(x.campaignId()));
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6"), seen);
        assertEquals(3, pages, "3 + 3 + 1, and no empty fourth page");
        CampaignStore.CampaignPage exact = store.sentBetween("acme", now.minus(Duration.ofDays(1)), now, 7, null);
        assertNull(exact.nextCursor(), "exactly one page's worth: no cursor");
        assertThrows(CampaignStore.BadCursorException.class,
                () -> store.sentBetween("acme", now.minus(Duration.ofDays(1)), now, 3, "not-a-cursor"));
    }

    @Test
    void tenantsDoNotSeeEachOthersCampaigns() {
        store.upsert(List.of(announced(c("a", 1, now)), announced(c("b", 2, now))));
        assertEquals(List.of("c-1"), store.sentBetween("a", now.minusSeconds(5), now.plusSeconds(5)).stream()
                .map(SentCampaign::campaignId).toList());
        assertEquals(1, store.syncedSince("b", now.minusSeconds(5)).size());
    }
}
