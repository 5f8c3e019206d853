package io.ccheadless.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hourly fan-out on moto and the sandbox: ten connected tenants, one dispatcher run, the sync function fed from
 * the queue one message at a time by three pollers (the test plays Lambda's SQS event source mapping: batch size 1,
 * partial batch responses; a failed message is made visible again at once, where Lambda waits out the queue's
 * visibility timeout); one tenant whose token set
 * is gone fails every time and ends in the dead-letter queue while the other nine are each synced exactly once.
 */
class FanOutMotoTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int TENANTS = 10;
    static final String POISONED = "tenant-09";

    CcSandbox cc;
    AwsClients aws;
    SqsClient sqs;
    Map<String, String> env;
    LocalProvisioner.SyncQueues queues;
    final List<JsonNode> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() throws Exception {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(6).build());   // per-key limits on
        env = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString()));
        env.put("PRIME_ON_INIT", "false");
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        Settings base = Settings.fromEnvironment(env);
        sqs = AwsClients.sqs(base, Duration.ofSeconds(10));
        queues = LocalProvisioner.syncQueues(sqs, "sync-" + base.stateTable(), 2, 30);
        env.put("SYNC_QUEUE_URL", queues.queueUrl());
        CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                new Log(l -> { }, Clock.systemUTC(), "test"), "test");
        for (int t = 0; t < TENANTS; t++) {
            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                    Set.of("account_read", "campaign_data", "offline_access"), null);
            assertEquals(1, app.connectWithCode(String.format("tenant-%02d", t), code, REDIRECT, null,
                    Instant.now().plusSeconds(60)));
        }
        // Poisoned: the pointer says ACTIVE, but its token set is gone, so every sync of it fails.
        aws.secrets().deleteSecret(b -> b.secretId(app.tokenSecretId(POISONED)).forceDeleteWithoutRecovery(true));
        cc.counters().reset();
    }

    @AfterEach
    void stop() {
        sqs.close();
        aws.close();
        cc.close();
    }

    @Test
    void oneDispatchSyncsEveryTenantOnceAndThePoisonedOneEndsInTheDeadLetterQueue() throws Exception {
        Settings settings = Settings.fromEnvironment(env);
        Log log = new Log(l -> lines.add(json(l)), Clock.systemUTC(), "sync");
        try (Container c = Container.of(settings, aws, Clock.systemUTC(), log, "fan-out-test")) {
            List<TenantEntry> registered = c.bean(TenantRegistry.class).list();
            assertEquals(TENANTS, registered.size(), registered.toString());
            assertTrue(registered.stream().allMatch(TenantEntry::syncable));

            ByteArrayOutputStream dispatched = new ByteArrayOutputStream();
            new DispatchHandler(c.bean(FanOut.class), log).handleRequest(new ByteArrayInputStream(new byte[0]), dispatched, null);
            assertEquals(TENANTS, JSON.readTree(dispatched.toByteArray()).get("enqueued").asInt());

            SyncHandler handler = new SyncHandler(c.bean(ScheduledSync.class), settings.defaultTenant(), Clock.systemUTC(), log);
            ExecutorService pollers = Executors.newFixedThreadPool(3);
            AtomicInteger idle = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            Instant giveUp = Instant.now().plusSeconds(150);
            for (int p = 0; p < 3; p++) {
                running.add(pollers.submit(() -> {
                    // short polls: a long poll would hold single-threaded moto for everyone
                    while (Instant.now().isBefore(giveUp) && idle.get() < 20) {
                        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl()).maxNumberOfMessages(1)
                                .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                                .messages();
                        if (got.isEmpty()) {
                            idle.incrementAndGet();
                            Thread.sleep(250);
                            continue;
                        }
                        idle.set(0);
                        Message m = got.getFirst();
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        handler.handleRequest(new ByteArrayInputStream(sqsEvent(m)), out, null);
                        if (JSON.readTree(out.toByteArray()).get("batchItemFailures").isEmpty()) {
                            sqs.deleteMessage(b -> b.queueUrl(queues.queueUrl()).receiptHandle(m.receiptHandle()));
                        } else {   // Lambda would wait out the visibility timeout; the test need not
                            sqs.changeMessageVisibility(b -> b.queueUrl(queues.queueUrl()).receiptHandle(m.receiptHandle())
                                    .visibilityTimeout(0));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(200, TimeUnit.SECONDS);
            }
            pollers.shutdown();
        }

        Map<String, Integer> synced = new HashMap<>();
        Map<String, Integer> failed = new HashMap<>();
        for (JsonNode l : List.copyOf(lines)) {
            String tenant = l.path("tenant").asText();
            if ("sync finished".equals(l.path("message").asText())) {
                synced.merge(tenant, 1, Integer::sum);
            } else if ("sync failed".equals(l.path("message").asText())) {
                failed.merge(tenant, 1, Integer::sum);
            }
        }
        for (int t = 0; t < TENANTS - 1; t++) {
            assertEquals(1, synced.getOrDefault(String.format("tenant-%02d", t), 0), "synced exactly once: " + synced + " " + failed + " " + lines.subList(0, Math.min(6, lines.size())));
        }
        assertFalse(synced.containsKey(POISONED));
        assertEquals(2, failed.get(POISONED), "tried maxReceiveCount times, and no more: " + failed);
        assertEquals(Set.of(POISONED), failed.keySet(), "no other tenant failed");
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(queues.deadLetterUrl()).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
        assertEquals(1, dead.size(), "the poisoned tenant's message is in the dead-letter queue");
        assertEquals(POISONED, JSON.readTree(dead.getFirst().body()).get("tenant").asText());
        assertEquals(0, cc.counters().answers(429), "the governor kept the three pollers' syncs under CC's per-key limit");
    }

    /** The event Lambda's SQS event source mapping hands the function for one message. */
    static byte[] sqsEvent(Message m) throws Exception {
        var root = JSON.createObjectNode();
        var r = root.putArray("Records").addObject();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        r.putObject("attributes").put("ApproximateReceiveCount",
                m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        r.put("eventSource", "aws:sqs");
        return JSON.writeValueAsBytes(root);
    }

    static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
