package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.PointerStore;
import io.ccheadless.core.token.RedemptionIntent;
import io.ccheadless.core.token.StoreConflictException;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.VersionIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Every condition expression of the pointer store, executed by moto's DynamoDB. */
class DynamoPointerStoreMotoTest {
    static final String T = "acme";
    final Instant now = Instant.parse("2026-11-01T00:00:00Z");
    AwsClients aws;
    DynamoPointerStore store;
    String table;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        table = Settings.fromEnvironment(env).stateTable();
        store = new DynamoPointerStore(aws.dynamo(), table);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    Lease lease(String owner, int seconds) {
        return new Lease(owner, owner + "-" + System.nanoTime(), now.plusSeconds(seconds));
    }

    TokenPointer.Next next(long g) {
        return new TokenPointer.Next(g, "v" + g, now.plusSeconds(86400), now, "refreshed", "chain-1");
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue S(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(v);
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue N(long v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(v));
    }

    java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item() {
        return aws.dynamo().getItem(b -> b.tableName(table).key(DynamoPointerStore.key(T)).consistentRead(true)).item();
    }

    /**
     * A pointer as the code before the one time encoding wrote it (ISO strings for the intent's start, the access
     * expiry and the refresh issue time, beside the numeric lease), left by a redeemer that died: it reads, its
     * lease is taken over, and the lease, intent and commit path writes every time in epoch milliseconds.
     */
    @Test
    void aPointerWithTimesInTheFormerStringEncodingGoesThroughTheLeaseAndCommitPath() {
        aws.dynamo().putItem(b -> b.tableName(table).item(java.util.Map.ofEntries(
                java.util.Map.entry("pk", S("tenant#" + T)), java.util.Map.entry("tenant", S(T)),
                java.util.Map.entry("generation", N(3)), java.util.Map.entry("version_id", S("v3")),
                java.util.Map.entry("access_expires_at", S("2026-11-01T06:00:00.123456Z")),
                java.util.Map.entry("refresh_issued_at", S("2026-10-31T00:00:00Z")),
                java.util.Map.entry("status", S("ACTIVE")), java.util.Map.entry("last_outcome", S("refreshed")),
                java.util.Map.entry("chain", S("chain-1")), java.util.Map.entry("lease_owner", S("dead")),
                java.util.Map.entry("lease_fence", S("f-dead")),
                java.util.Map.entry("lease_until", N(now.minusSeconds(5).toEpochMilli())),
                java.util.Map.entry("intent_fence", S("f-dead")), java.util.Map.entry("intent_generation", N(3)),
                java.util.Map.entry("intent_started_at", S("2026-10-31T23:59:50Z")))));

        TokenPointer legacy = store.read(T).orElseThrow();
        assertEquals(Instant.parse("2026-11-01T06:00:00.123456Z"), legacy.accessTokenExpiresAt());
        assertEquals(Instant.parse("2026-10-31T00:00:00Z"), legacy.refreshTokenIssuedAt());
        assertEquals(new RedemptionIntent("f-dead", 3, Instant.parse("2026-10-31T23:59:50Z"), null), legacy.intent());
        assertInstanceOf(PointerStore.Held.class, store.tryAcquire(T, lease("early", 60), now.minusSeconds(10)),
                "the lease condition compares on the legacy item: not yet expired then");

        Lease b = lease("b", 60);
        PointerStore.Acquired taken = assertInstanceOf(PointerStore.Acquired.class, store.tryAcquire(T, b, now));
        assertEquals(legacy.accessTokenExpiresAt(), taken.pointer().accessTokenExpiresAt(), "ALL_NEW reads the legacy times");
        store.recordIntent(T, b, new RedemptionIntent(b.fence(), 3, now, "chain-1"));
        assertNotNull(item().get("intent_started_at").n(), "the intent's start is written as a number");
        assertNotNull(item().get("access_expires_at").s(), "an attribute not written yet keeps its former form");
        assertEquals(now, store.read(T).orElseThrow().intent().startedAt());
        store.commit(T, 3, b, next(4));
        store.release(T, b);

        var i = item();
        assertEquals(Long.toString(now.plusSeconds(86400).toEpochMilli()), i.get("access_expires_at").n());
        assertEquals(Long.toString(now.toEpochMilli()), i.get("refresh_issued_at").n());
        assertFalse(i.containsKey("intent_started_at"));
        TokenPointer p = store.read(T).orElseThrow();
        assertEquals(4, p.generation());
        assertEquals(now.plusSeconds(86400), p.accessTokenExpiresAt());
        assertEquals(now, p.refreshTokenIssuedAt());
        assertNull(p.lease());
    }

    @Test
    void firstAcquireCreatesTheItemAndASecondIsToldWhoHoldsIt() {
        Lease a = lease("a", 60);
        var first = store.tryAcquire(T, a, now);
        assertInstanceOf(PointerStore.Acquired.class, first);
        assertEquals(0, ((PointerStore.Acquired) first).pointer().generation());
        var second = store.tryAcquire(T, lease("b", 60), now.plusSeconds(1));
        PointerStore.Held held = assertInstanceOf(PointerStore.Held.class, second);
        assertEquals("a", held.holder().owner());
        assertEquals(a.fence(), held.holder().fence());
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        store.tryAcquire(T, lease("a", 10), now);
        var r = store.tryAcquire(T, lease("b", 60), now.plusSeconds(11));
        assertInstanceOf(PointerStore.Acquired.class, r);
        assertEquals("b", store.read(T).orElseThrow().lease().owner());
    }

    @Test
    void commitMovesTheGenerationOnlyFromTheExpectedOneAndOnlyForTheHolder() {
        Lease a = lease("a", 60);
        store.tryAcquire(T, a, now);
        store.commit(T, 0, a, next(1));
        assertThrows(StoreConflictException.class, () -> store.commit(T, 0, a, next(1)), "generation is 1 now");
        assertThrows(StoreConflictException.class, () -> store.commit(T, 1, lease("intruder", 60), next(2)), "not the holder");
        store.recordIntent(T, a, new RedemptionIntent(a.fence(), 1, now, "chain-1"));
        assertNotNull(store.read(T).orElseThrow().intent());
        store.commit(T, 1, a, next(2));
        TokenPointer p = store.read(T).orElseThrow();
        assertEquals(2, p.generation());
        assertEquals("v2", p.versionId());
        assertNull(p.intent(), "commit clears the intent");
        assertEquals(ConnectionStatus.ACTIVE, p.status());
    }

    @Test
    void aLeaseIsTakenOverOnlyWhenItEndedBeforeTheCutoff() {
        store.tryAcquire(T, lease("a", 10), now);
        assertInstanceOf(PointerStore.Held.class, store.tryAcquire(T, lease("b", 60), now.plusSeconds(9)),
                "a cutoff before the lease's end");
        assertInstanceOf(PointerStore.Acquired.class, store.tryAcquire(T, lease("b", 60), now.plusSeconds(10)),
                "a cutoff at the lease's end");
    }

    @Test
    void renewalExtendsOnlyTheHoldersLease() {
        Lease a = lease("a", 10);
        store.tryAcquire(T, a, now);
        Lease renewed = store.renew(T, a, now.plusSeconds(50));
        assertEquals(a.fence(), renewed.fence());
        assertEquals(now.plusSeconds(50), store.read(T).orElseThrow().lease().until());
        assertInstanceOf(PointerStore.Held.class, store.tryAcquire(T, lease("b", 60), now.plusSeconds(20)), "renewed: still held");
        assertThrows(StoreConflictException.class, () -> store.renew(T, lease("b", 60), now.plusSeconds(90)), "not the holder");
        store.commit(T, 0, renewed, next(1));   // the renewed lease still commits: same fence
        assertEquals(1, store.read(T).orElseThrow().generation());
    }

    @Test
    void anIntentIsClearedOnlyByItsOwnHolder() {
        Lease a = lease("a", 60);
        store.tryAcquire(T, a, now);
        store.commit(T, 0, a, next(1));
        assertThrows(StoreConflictException.class, () -> store.clearIntent(T, a), "no intent of ours to clear");
        store.recordIntent(T, a, new RedemptionIntent(a.fence(), 1, now, "chain-1"));
        RedemptionIntent stored = store.read(T).orElseThrow().intent();
        assertEquals("chain-1", stored.chain());
        assertEquals(VersionIds.of(T, "chain-1", 2), stored.nextVersionId(T));
        store.release(T, a);
        Lease b = lease("b", 60);
        store.tryAcquire(T, b, now.plusSeconds(61));
        assertThrows(StoreConflictException.class, () -> store.clearIntent(T, b), "b holds the lease but the intent is a's");
        assertNotNull(store.read(T).orElseThrow().intent());
        store.recordIntent(T, b, new RedemptionIntent(b.fence(), 1, now, "chain-1"));
        store.clearIntent(T, b);
        assertNull(store.read(T).orElseThrow().intent());
        assertEquals("chain-1", store.read(T).orElseThrow().chain(), "the chain stays");
    }

    @Test
    void aCommitWritesTheChainAndALegacyCommitRemovesIt() {
        Lease a = lease("a", 60);
        store.tryAcquire(T, a, now);
        store.commit(T, 0, a, next(1));
        assertEquals("chain-1", store.read(T).orElseThrow().chain());
        store.commit(T, 1, a, new TokenPointer.Next(2, "v2", now.plusSeconds(86400), now, "refreshed", null));
        assertNull(store.read(T).orElseThrow().chain());
    }

    @Test
    void intentNeedsTheLease() {
        store.tryAcquire(T, lease("a", 60), now);
        assertThrows(StoreConflictException.class,
                () -> store.recordIntent(T, lease("b", 60), new RedemptionIntent("x", 1, now, null)));
    }

    @Test
    void releaseByANonHolderLeavesTheLease() {
        Lease a = lease("a", 60);
        store.tryAcquire(T, a, now);
        store.release(T, lease("b", 60));
        assertEquals(a.fence(), store.read(T).orElseThrow().lease().fence());
        store.release(T, a);
        assertNull(store.read(T).orElseThrow().lease());
    }

    @Test
    void reauthIsMarkedOnlyOnTheGenerationThatFailed() {
        Lease a = lease("a", 60);
        store.tryAcquire(T, a, now);
        store.commit(T, 0, a, next(1));
        store.commit(T, 1, a, next(2));
        assertFalse(store.markReauthRequired(T, 1, "old generation"));
        assertEquals(ConnectionStatus.ACTIVE, store.read(T).orElseThrow().status());
        assertTrue(store.markReauthRequired(T, 2, "refused"));
        TokenPointer p = store.read(T).orElseThrow();
        assertEquals(ConnectionStatus.REAUTH_REQUIRED, p.status());
        assertEquals("refused", p.lastOutcome());
        assertEquals("v2", p.versionId(), "tokens kept");
    }

    @Test
    void exactlyOneOfManyConcurrentAcquirersWins() throws Exception {
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PointerStore.LeaseAttempt>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String owner = "w" + i;
            results.add(pool.submit(() -> {
                go.await();
                return store.tryAcquire(T, lease(owner, 60), now);
            }));
        }
        go.countDown();
        int acquired = 0;
        for (var f : results) {
            if (f.get(30, TimeUnit.SECONDS) instanceof PointerStore.Acquired) {
                acquired++;
            }
        }
        pool.shutdown();
        assertEquals(1, acquired);
    }
}
