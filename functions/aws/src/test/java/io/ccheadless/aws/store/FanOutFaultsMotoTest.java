package io.ccheadless.aws.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.testing.AwsFaults;
import io.ccheadless.aws.testing.Concurrently;
import io.ccheadless.aws.testing.AwsFaults.Fault;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.token.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dispatcher's two AWS calls under faults, through the real adapters on moto ({@link DynamoTenantRegistry}'s
 * paginated Scan, {@link SqsSyncQueue}'s {@code SendMessageBatch}), faults injected on the wire ({@link AwsFaults}):
 * a Scan that fails midway fails the run with nothing enqueued (never a partial set in silence); a whole
 * {@code SendMessageBatch} that fails fails the run naming how many were enqueued; entries SQS refuses are sent again,
 * and only they (docs/tenants.md, "When AWS fails").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanOutFaultsMotoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CALL = Duration.ofMillis(1500);
    static final int TENANTS = 25;
    static final List<String> ALL = IntStream.range(0, TENANTS).mapToObj(i -> String.format("t%02d", i)).toList();

    static Settings settings;
    static AwsClients clean;
    static SqsClient cleanSqs;
    /** 25 connected tenants, one REAUTH_REQUIRED, a few sync states: read by every case, written by none. */
    static String table;

    @BeforeAll
    static void seed() {
        settings = Moto.bare();
        clean = AwsClients.create(settings);
        cleanSqs = AwsClients.sqs(settings, Duration.ofSeconds(10));
        table = newTable();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ALL.forEach(t -> items.add(pointer(t, "ACTIVE")));
        items.add(pointer("waiting", "REAUTH_REQUIRED"));
        ALL.subList(0, 5).forEach(t -> items.add(Map.of("pk", s("sync#" + t), "last_completed_at", s("2026-12-01T10:00:00Z"))));
        put(table, items);
    }

    @AfterAll
    static void close() {
        if (clean != null) {
            clean.close();
            cleanSqs.close();
        }
    }

    static String newTable() {
        String name = "fanout-" + UUID.randomUUID().toString().substring(0, 8);
        Moto.stateTable(clean.dynamo(), name);
        return name;
    }

    /** A token pointer as the callback writes it (no token: the registry reads only the pointer). */
    static Map<String, AttributeValue> pointer(String tenant, String status) {
        return Map.of("pk", s("tenant#" + tenant), "generation", n(1), "status", s(status), "version_id", s("v-" + tenant),
                "access_expires_at", s("2026-12-02T10:00:00Z"), "refresh_issued_at", s("2026-12-01T10:00:00Z"));
    }

    static void put(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            var batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(i)).build())
                    .toList();
            clean.dynamo().batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        }
    }

    /** One dispatcher over {@code table} with its own clients (faults on them) and its own queue. */
    static final class Case implements AutoCloseable {
        final AwsFaults dynamoFaults = new AwsFaults();
        final AwsFaults sqsFaults = new AwsFaults();
        final RefuseEntries refuse = new RefuseEntries();
        final AwsClients aws;
        final SqsClient sqs;
        final String queueUrl;
        final FanOut fanOut;

        Case(String table) {
            aws = AwsClients.create(settings, CALL, List.of(new SmallPages(), dynamoFaults));
            sqs = AwsClients.sqs(settings, CALL, List.of(refuse, sqsFaults));
            queueUrl = LocalProvisioner.syncQueues(cleanSqs, "fanout-" + UUID.randomUUID().toString().substring(0, 8), 3, 300)
                    .queueUrl();
            fanOut = new FanOut(new DynamoTenantRegistry(aws.dynamo(), table), new SqsSyncQueue(sqs, queueUrl));
        }

        /** Every tenant on the queue, by how many times (messages left invisible: each read once). */
        Map<String, Integer> queued() throws Exception {
            Map<String, Integer> out = new TreeMap<>();
            while (true) {
                List<Message> got = cleanSqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(60).waitTimeSeconds(0)).messages();
                if (got.isEmpty()) {
                    return out;
                }
                for (Message m : got) {
                    if (m.body().contains(RefuseEntries.STAND_IN)) {
                        continue;
                    }
                    out.merge(JSON.readTree(m.body()).get("tenant").asText(), 1, Integer::sum);
                }
            }
        }

        @Override
        public void close() {
            aws.close();
            sqs.close();
            dynamoFaults.close();
            sqsFaults.close();
        }
    }

    static Map<String, Integer> once(List<String> tenants) {
        Map<String, Integer> m = new TreeMap<>();
        tenants.forEach(t -> m.put(t, 1));
        return m;
    }

    static final Predicate<SdkRequest> LATER_PAGE = r -> r instanceof ScanRequest s && s.hasExclusiveStartKey();

    @Test
    void aScanThatFailsMidwayFailsTheRunAndEnqueuesNothing() {
        Map<String, Fault> kinds = new LinkedHashMap<>();
        kinds.put("ProvisionedThroughputExceededException", Fault.throughputExceeded());
        kinds.put("ThrottlingException", Fault.throttling());
        kinds.put("500 InternalServerError", Fault.serverError());
        kinds.put("connection reset", Fault.reset());
        kinds.put("an answer later than the call's bound", Fault.lateAnswer(CALL.plusMillis(300)));
        kinds.put("a truncated JSON page", Fault.truncated());
        Map<String, Executable> cases = new LinkedHashMap<>();
        kinds.forEach((name, fault) -> cases.put(name, () -> {
            try (Case c = new Case(table)) {
                AwsFaults.Rule rule = c.dynamoFaults.on("Scan", LATER_PAGE, -1, fault);
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, c.fanOut::run);
                assertTrue(e.getMessage().startsWith("listing the tenants of table " + table), e.getMessage());
                assertTrue(rule.injected() >= 1, "a later page failed (the first was read)");
                assertEquals(Map.of(), c.queued(), "nothing enqueued from a partial list");
            }
        }));
        cases.put("a pointer item this code cannot read", () -> {
            String broken = newTable();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            ALL.subList(0, 12).forEach(t -> items.add(pointer(t, "ACTIVE")));
            items.add(pointer("t99", "BOGUS"));
            put(broken, items);
            try (Case c = new Case(broken)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, c.fanOut::run);
                assertTrue(e.getMessage().startsWith("the item tenant#t99 of table " + broken + " is not one this code writes"),
                        e.getMessage());
                assertEquals(Map.of(), c.queued(), "nothing enqueued from a partial list");
            }
        });
        Concurrently.run(cases);
    }

    @Test
    void faultsTheSdkOutlastsLeaveEveryTenantEnqueuedExactlyOnce() {
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("a later Scan page throttled once", () -> {
            try (Case c = new Case(table)) {
                AwsFaults.Rule rule = c.dynamoFaults.on("Scan", LATER_PAGE, 1, Fault.appliedThen(Fault.throughputExceeded()));
                FanOut.Result r = c.fanOut.run();
                assertEquals(1, rule.injected());
                assertEquals(ALL, r.enqueued());
                assertEquals(List.of("waiting"), r.skipped());
                assertEquals(once(ALL), c.queued());
            }
        });
        cases.put("every Scan page and SendMessageBatch 200 ms slow", () -> {
            try (Case c = new Case(table)) {
                c.dynamoFaults.on("Scan", -1, Fault.slow(Duration.ofMillis(200)));
                c.sqsFaults.on("SendMessageBatch", -1, Fault.slow(Duration.ofMillis(200)));
                assertEquals(ALL, c.fanOut.run().enqueued());
                assertEquals(once(ALL), c.queued());
            }
        });
        cases.put("SQS refuses three entries once: only they are sent again", () -> {
            try (Case c = new Case(table)) {
                c.refuse.refuse(Set.of("t03", "t14", "t21"), 1);
                assertEquals(ALL, c.fanOut.run().enqueued());
                assertEquals(once(ALL), c.queued());
                assertEquals(List.of(ALL.subList(0, 10), List.of("t03"), ALL.subList(10, 20), List.of("t14"),
                        ALL.subList(20, 25), List.of("t21")), c.refuse.calls, "each re-send carried only the refused entries");
            }
        });
        Concurrently.run(cases);
    }

    @Test
    void aSendMessageBatchThatFailsFailsTheRunNamingHowManyWereEnqueued() {
        Map<String, Fault> kinds = new LinkedHashMap<>();
        kinds.put("ThrottlingException", Fault.throttling());
        kinds.put("500 InternalServerError", Fault.serverError());
        kinds.put("connection reset", Fault.reset());
        kinds.put("a truncated JSON answer (applied)", Fault.truncated());
        kinds.put("an answer later than the call's bound (applied)", Fault.lateAnswer(CALL.plusMillis(300)));
        Predicate<SdkRequest> secondBatch = r -> r instanceof SendMessageBatchRequest b
                && b.entries().getFirst().messageBody().contains("t10");
        Map<String, Executable> cases = new LinkedHashMap<>();
        kinds.forEach((name, fault) -> cases.put(name, () -> {
            try (Case c = new Case(table)) {
                AwsFaults.Rule rule = c.sqsFaults.on("SendMessageBatch", secondBatch, -1, fault);
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, c.fanOut::run);
                assertTrue(e.getMessage().startsWith("enqueuing sync requests on " + c.queueUrl), e.getMessage());
                assertTrue(e.getMessage().endsWith("; 10 of 25 were enqueued before it"), e.getMessage());
                assertTrue(rule.injected() >= 1);
                Map<String, Integer> queued = c.queued();
                assertTrue(queued.keySet().containsAll(ALL.subList(0, 10)), "the first batch stays enqueued: " + queued);
                assertFalse(queued.keySet().stream().anyMatch(t -> t.compareTo("t20") >= 0), "nothing after the failed batch");
                if (!name.contains("applied")) {
                    assertEquals(once(ALL.subList(0, 10)), queued, "a refused batch is not enqueued");
                }
            }
        }));
        cases.put("SQS refuses an entry twice", () -> {
            try (Case c = new Case(table)) {
                c.refuse.refuse(Set.of("t12"), 2);
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, c.fanOut::run);
                assertEquals("SQS refused 1 sync requests (tenants [t12]); 19 of 25 were enqueued", e.getMessage());
                Map<String, Integer> expected = once(ALL.subList(0, 20));
                expected.remove("t12");
                assertEquals(expected, c.queued());
            }
        });
        Concurrently.run(cases);
    }

    /** Scans of five items a page, so that a table of 31 items takes several pages. */
    static final class SmallPages implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return context.request() instanceof ScanRequest s ? s.toBuilder().limit(5).build() : context.request();
        }
    }

    /**
     * SQS refusing single entries of a {@code SendMessageBatch} (the call succeeds, the entries are reported failed):
     * the named tenants' entries are taken out of the request and answered as failed, the first {@code times} times.
     * Records the tenants each call carried.
     */
    static final class RefuseEntries implements ExecutionInterceptor {
        static final String STAND_IN = "stand-in";
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> left = new HashMap<>();
        private final ThreadLocal<List<String>> refusedIds = ThreadLocal.withInitial(ArrayList::new);

        synchronized void refuse(Set<String> tenants, int times) {
            tenants.forEach(t -> left.put(t, times));
        }

        @Override
        public synchronized SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof SendMessageBatchRequest r)) {
                return context.request();
            }
            List<String> carried = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            List<SendMessageBatchRequestEntry> keep = new ArrayList<>();
            for (SendMessageBatchRequestEntry e : r.entries()) {
                String tenant = tenant(e.messageBody());
                carried.add(tenant);
                if (left.getOrDefault(tenant, 0) > 0) {
                    left.merge(tenant, -1, Integer::sum);
                    refused.add(e.id());
                } else {
                    keep.add(e);
                }
            }
            calls.add(carried);
            refusedIds.set(refused);
            if (keep.isEmpty()) {   // a batch cannot be empty: a stand-in goes instead, answered as refused too
                keep.add(r.entries().getFirst().toBuilder().messageBody("{\"tenant\":\"" + STAND_IN + "\"}").build());
            }
            return r.toBuilder().entries(keep).build();
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof SendMessageBatchResponse r) || refusedIds.get().isEmpty()) {
                return context.response();
            }
            List<BatchResultErrorEntry> failed = new ArrayList<>(r.failed());
            var successful = r.successful().stream().filter(e -> !refusedIds.get().contains(e.id())).toList();
            refusedIds.get().forEach(id -> failed.add(BatchResultErrorEntry.builder().id(id).code("InternalError")
                    .senderFault(false).message("simulated").build()));
            refusedIds.set(new ArrayList<>());
            return r.toBuilder().successful(successful).failed(failed).build();
        }

        private static String tenant(String body) {
            try {
                return JSON.readTree(body).get("tenant").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
