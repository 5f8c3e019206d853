package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.SyncCheckpoint;
import io.ccheadless.core.campaigns.SyncLease;
import io.ccheadless.core.campaigns.SyncLeaseLostException;
import io.ccheadless.core.campaigns.SyncState;
import io.ccheadless.core.campaigns.SyncStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The sync lease and state item against moto: conditions do what they say. */
class DynamoSyncStateStoreMotoTest {
    final Instant now = Instant.parse("2026-11-01T12:00:00Z");
    AwsClients aws;
    DynamoSyncStateStore store;
    DynamoPointerStore pointers;
    String table;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        table = Settings.fromEnvironment(env).stateTable();
        store = new DynamoSyncStateStore(aws.dynamo(), table);
        pointers = new DynamoPointerStore(aws.dynamo(), table);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void ofSixteenSimultaneousSyncsExactlyOneGetsTheLease() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SyncStateStore.LeaseAttempt>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SyncLease lease = new SyncLease("worker-" + i, "fence-" + i, now.plusSeconds(300));
            attempts.add(pool.submit(() -> {
                assertTrue(go.await(10, TimeUnit.SECONDS));
                return store.tryAcquire("acme", lease, now);
            }));
        }
        go.countDown();
        int won = 0;
        String winner = null;
        for (Future<SyncStateStore.LeaseAttempt> f : attempts) {
            if (f.get(30, TimeUnit.SECONDS) instanceof SyncStateStore.Acquired) {
                won++;
            }
        }
        pool.shutdown();
        assertEquals(1, won);
        for (Future<SyncStateStore.LeaseAttempt> f : attempts) {
            if (f.get() instanceof SyncStateStore.Held h) {
                winner = winner == null ? h.holder().owner() : winner;
                assertEquals(winner, h.holder().owner(), "everyone sees the same holder");
                assertEquals(now.plusSeconds(300), h.holder().until());
            }
        }
    }

    @Test
    void stateIsWrittenOnlyUnderTheLeaseAndRoundTripsWithItsCheckpoint() {
        SyncLease mine = new SyncLease("a", "f-a", now.plusSeconds(60));
        assertInstanceOf(SyncStateStore.Acquired.class, store.tryAcquire("acme", mine, now));
        SyncCheckpoint cp = new SyncCheckpoint(now, now.minusSeconds(86_400 * 14), now.minusSeconds(86_400 * 15), true,
                "/v3/reports/summary_reports/email_campaign_summaries?cursor=abc", now.minusSeconds(3600), now.minusSeconds(60),
                now, "stopped 20 s before the invocation's deadline");
        SyncState state = new SyncState(now.minusSeconds(7200), now.minusSeconds(1800), cp, now.minusSeconds(7000));
        store.save("acme", mine, state, false);
        assertEquals(state, store.read("acme").orElseThrow());

        SyncLease late = new SyncLease("b", "f-b", now.plusSeconds(120));
        assertInstanceOf(SyncStateStore.Held.class, store.tryAcquire("acme", late, now.plusSeconds(30)), "still held");
        assertInstanceOf(SyncStateStore.Acquired.class, store.tryAcquire("acme", late, now.plusSeconds(61)), "expired: taken over");
        assertThrows(SyncLeaseLostException.class, () -> store.save("acme", mine, SyncState.EMPTY, true),
                "the first holder can no longer write");
        store.release("acme", mine);   // not ours any more: nothing happens
        SyncStateStore.Acquired again = (SyncStateStore.Acquired) store.tryAcquire("acme",
                new SyncLease("c", "f-c", now.plusSeconds(500)), now.plusSeconds(121));
        assertEquals(state, again.state(), "the state survived both leases");

        SyncState done = new SyncState(now, now, null, now);
        store.save("acme", new SyncLease("c", "f-c", now.plusSeconds(500)), done, true);
        assertEquals(done, store.read("acme").orElseThrow(), "checkpoint removed");
        assertInstanceOf(SyncStateStore.Acquired.class, store.tryAcquire("acme",
                new SyncLease("d", "f-d", now.plusSeconds(900)), now.plusSeconds(122)), "released with the last write");
    }

    /**
     * A sync state as the code before the one time encoding wrote it (SortableTime strings, the checkpoint's too): it
     * reads, its lease is taken, and its next write holds every time in epoch milliseconds.
     */
    @Test
    void aSyncStateWithTimesInTheFormerStringEncodingReadsAndIsRewrittenInMilliseconds() {
        java.util.function.Function<String, AttributeValue> s = AttributeValue::fromS;
        aws.dynamo().putItem(b -> b.tableName(table).item(Map.of("pk", s.apply("sync#acme"), "tenant", s.apply("acme"),
                "watermark", s.apply("2026-11-01T10:00:00.000Z"), "stats_swept_at", s.apply("2026-11-01T11:30:00.000Z"),
                "last_completed_at", s.apply("2026-11-01T10:03:20.000Z"),
                "checkpoint", AttributeValue.fromM(Map.of("run_started_at", s.apply("2026-11-01T11:59:00.000Z"),
                        "send_cutoff", s.apply("2026-10-18T12:00:00.000Z"), "floor", s.apply("2026-10-17T12:00:00.000Z"),
                        "sweep", AttributeValue.fromBool(true), "next_href", s.apply("/v3/x?cursor=abc"),
                        "processed_down_to", s.apply("2026-11-01T11:00:00.000Z"),
                        "run_newest", s.apply("2026-11-01T11:58:00.000Z"), "saved_at", s.apply("2026-11-01T11:59:30.000Z"),
                        "reason", s.apply("stopped before the deadline"))))));
        SyncState legacy = new SyncState(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:30:00Z"),
                new SyncCheckpoint(Instant.parse("2026-11-01T11:59:00Z"), Instant.parse("2026-10-18T12:00:00Z"),
                        Instant.parse("2026-10-17T12:00:00Z"), true, "/v3/x?cursor=abc", Instant.parse("2026-11-01T11:00:00Z"),
                        Instant.parse("2026-11-01T11:58:00Z"), Instant.parse("2026-11-01T11:59:30Z"), "stopped before the deadline"),
                Instant.parse("2026-11-01T10:03:20Z"));
        assertEquals(legacy, store.read("acme").orElseThrow());

        SyncLease mine = new SyncLease("a", "f-a", now.plusSeconds(60));
        SyncStateStore.Acquired got = assertInstanceOf(SyncStateStore.Acquired.class, store.tryAcquire("acme", mine, now));
        assertEquals(legacy, got.state());
        store.save("acme", mine, legacy, true);
        var i = aws.dynamo().getItem(b -> b.tableName(table).key(DynamoSyncStateStore.key("acme"))).item();
        assertEquals(Long.toString(Instant.parse("2026-11-01T10:00:00Z").toEpochMilli()), i.get("watermark").n());
        assertNotNull(i.get("last_completed_at").n());
        assertNotNull(i.get("checkpoint").m().get("processed_down_to").n(), "the checkpoint's times too");
        assertEquals(legacy, store.read("acme").orElseThrow(), "the same state in the new encoding");
    }

    @Test
    void theSyncLeaseIsNotTheTokenLease() {
        SyncLease lease = new SyncLease("sync", "f", now.plusSeconds(60));
        assertInstanceOf(SyncStateStore.Acquired.class, store.tryAcquire("acme", lease, now));
        var token = pointers.tryAcquire("acme", new io.ccheadless.core.token.Lease("token", "t", now.plusSeconds(60)), now);
        assertInstanceOf(io.ccheadless.core.token.PointerStore.Acquired.class, token,
                "a running sync does not block a token redemption");
    }
}
