package io.ccheadless.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.aws.wiring.SnapshotHygiene;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.partner.PartnerDiscovery;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * OAuth and partner tenants in one fan-out, on moto and a sandbox enforcing the per-key limits: a stack deployed with
 * PartnerAccounts=Enabled, an OAuth tenant connected, one dispatcher run that first discovers the partner's nine
 * managed accounts (registered as partner tenants) and then enqueues all ten; two pollers play the SQS event
 * source. Every tenant is synced exactly once, each kind by its own path (one partner JWT for all, no OAuth token call
 * for a partner tenant), no 429, and the partner tenant of the demo account stores in DynamoDB the same campaigns,
 * content and announcements as the OAuth tenant of the same account. No log line names a partner credential or JWT,
 * and the snapshot hygiene leaves no partner secret reachable (SnapshotHoldsNoSecretTest's walk).
 */
class PartnerFanOutMotoTest {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> OAUTH = List.of("agency-own");

    CcSandbox cc;
    AwsClients aws;
    SqsClient sqs;
    Map<String, String> env;
    final List<JsonNode> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() {
        cc = CcSandbox.start(SandboxConfig.builder().campaigns(6).build());   // per-key limits on, partner ones too
        env = new HashMap<>(Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString(),
                Map.of("PartnerAccounts", "Enabled")));
        env.put("PRIME_ON_INIT", "false");
        env.put("LOOKBACK_DAYS", "1");      // the managed accounts' generated sends are older: one read each
        env.put("STATS_WINDOW_DAYS", "1");
        env.put("CC_LINK_REPORT", "false");
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        Settings base = Settings.fromEnvironment(env);
        sqs = AwsClients.sqs(base, Duration.ofSeconds(10));
        var queues = io.ccheadless.aws.local.LocalProvisioner.syncQueues(sqs, "psync-" + base.stateTable(), 2, 30);
        env.put("SYNC_QUEUE_URL", queues.queueUrl());
        // the operator's step after a deploy with PartnerAccounts=Enabled (cch partner credentials set)
        new PartnerCredentialsSecret(aws.secrets(), base.partnerSecretId()).store(JSON.createObjectNode()
                .put("client_id", cc.partnerClientId()).put("client_secret", cc.partnerClientSecret())
                .put("api_key", cc.clientId()).toString());
        CcHeadless app = new CcHeadless(Settings.fromEnvironment(env), aws, Clock.systemUTC(),
                new Log(l -> { }, Clock.systemUTC(), "test"), "test");
        for (String t : OAUTH) {
            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                    Set.of("account_read", "campaign_data", "offline_access"), null);
            assertEquals(1, app.connectWithCode(t, code, REDIRECT, null, Instant.now().plusSeconds(60)));
        }
        for (String name : List.of("Spring Blend", "Harvest Roast")) {   // fresh sends of the demo account, within the lookback
            cc.control().sendCampaign(cc.control().createCampaign(name));
        }
        cc.counters().reset();
    }

    @AfterEach
    void stop() {
        sqs.close();
        aws.close();
        cc.close();
    }

    @Test
    void oneDispatchDiscoversThePartnerTenantsAndSyncsEveryTenantOfBothKindsOnce() throws Exception {
        Settings settings = Settings.fromEnvironment(env);
        Log log = new Log(l -> lines.add(FanOutMotoTest.json(l)), Clock.systemUTC(), "sync");
        Map<String, List<StoredCampaign>> stored;
        List<TenantEntry> registered;
        String demo;
        // a partner item edited by hand into something unreadable: left out of the registry, never fatal to the fan-out
        aws.dynamo().putItem(b -> b.tableName(settings.stateTable()).item(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("partner#hand-edited"),
                "account", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("hand-edited"))));
        AtomicInteger scans = new AtomicInteger();
        ExecutionInterceptor scanCounter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("Scan".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    scans.incrementAndGet();
                }
            }
        };
        try (AwsClients counted = AwsClients.create(settings, Duration.ofSeconds(10), List.of(scanCounter));
             Container c = Container.of(settings, counted, Clock.systemUTC(), log, "partner-fan-out-test")) {
            ByteArrayOutputStream dispatched = new ByteArrayOutputStream();
            new DispatchHandler(c.bean(FanOut.class), c.bean(PartnerDiscovery.class), Clock.systemUTC(), log)
                    .handleRequest(new ByteArrayInputStream(new byte[0]), dispatched, null);
            assertEquals(1, scans.get(), "one Scan of the state table (its one page here) for discovery and the fan-out");
            JsonNode answer = JSON.readTree(dispatched.toByteArray());
            assertEquals("COMPLETED", answer.path("partner_discovery").path("outcome").asText(), answer.toString());
            assertEquals(9, answer.path("partner_discovery").path("added").asInt(), answer.toString());
            assertEquals(OAUTH.size() + 9, answer.get("enqueued").asInt(), answer.toString());

            registered = c.bean(TenantRegistry.class).list();
            assertEquals(9, registered.stream().filter(t -> t.kind() == TenantKind.PARTNER && "LISTED".equals(t.state())).count());
            assertEquals(OAUTH, registered.stream().filter(t -> t.kind() == TenantKind.OAUTH).map(TenantEntry::tenant).toList());
            demo = registered.stream().filter(t -> t.kind() == TenantKind.PARTNER
                    && "Riverside Coffee Roasters".equals(t.partner().organizationName())).findFirst().orElseThrow().tenant();

            SyncHandler handler = new SyncHandler(c.bean(TenantSync.class), settings.defaultTenant(), Clock.systemUTC(), log);
            poll(handler, env.get("SYNC_QUEUE_URL"));

            // the secret scans: the partner JWT and credentials are cached now, and gone after the snapshot hygiene
            SnapshotHygiene hygiene = c.bean(SnapshotHygiene.class);
            PartnerClient partner = c.bean(PartnerClient.class);
            assertTrue(partner.holdsToken() && hygiene.holdsSecrets(), "precondition: the run cached the JWT and credentials");
            assertFalse(SnapshotHoldsNoSecretTest.secretsReachableFrom(partner).isEmpty(), "precondition: the walk finds them");
            hygiene.forgetSecrets();
            assertFalse(hygiene.holdsSecrets());
            assertEquals(Set.of(), SnapshotHoldsNoSecretTest.secretsReachableFrom(partner));
            assertEquals(Set.of(), SnapshotHoldsNoSecretTest.secretsReachableFrom(c.bean(PartnerCredentialsSecret.class)));

            DynamoCampaignStore campaigns = c.bean(DynamoCampaignStore.class);
            stored = new HashMap<>();
            for (String t : List.of(OAUTH.getFirst(), demo)) {
                stored.put(t, campaigns.syncedSince(t, Instant.EPOCH));
            }
        }

        Map<String, Integer> synced = new TreeMap<>();
        for (JsonNode l : List.copyOf(lines)) {
            if ("sync finished".equals(l.path("message").asText())) {
                synced.merge(l.path("tenant").asText(), 1, Integer::sum);
            }
            assertNotEquals("sync failed", l.path("message").asText(), l.toString());
        }
        for (JsonNode l : List.copyOf(lines)) {   // no log line (metrics included) names a partner credential or a JWT
            String text = l.toString();
            assertFalse(text.contains(cc.partnerClientSecret()) || text.contains("Basic ") || text.contains("Bearer ")
                    || text.matches("(?s).*eyJ[A-Za-z0-9_-]{8,}\\.eyJ.*"), text);
        }
        Set<String> every = registered.stream().map(TenantEntry::tenant).collect(Collectors.toSet());
        assertEquals(every, synced.keySet(), "every tenant of both kinds synced");
        assertTrue(synced.values().stream().allMatch(n -> n == 1), "each exactly once: " + synced);
        assertEquals(0, cc.counters().answers(429), "each key's governor kept its syncs under the sandbox's limits");
        assertEquals(1, cc.counters().requests(SandboxRoutes.PARTNER_TOKEN), "one partner JWT for discovery and nine syncs");
        assertTrue(cc.counters().requests(SandboxRoutes.PARTNER_SYNC) >= 9, "every partner read went through the pass-through");
        assertEquals(0, cc.counters().requests(SandboxRoutes.TOKEN), "no OAuth token call: fresh tokens, and none for partner tenants");

        assertTrue(stored.get(demo).size() >= 2, "the fresh sends at least: " + stored.get(demo).size());
        assertEquals(comparable(stored.get(OAUTH.getFirst())), comparable(stored.get(demo)),
                "the partner tenant stores exactly what an OAuth tenant of the same account does");
        assertTrue(stored.get(demo).stream().allMatch(s -> s.campaign().tenant().equals(demo)));
    }

    private void poll(SyncHandler handler, String queueUrl) throws Exception {
        ExecutorService pollers = Executors.newFixedThreadPool(2);
        AtomicInteger idle = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        Instant giveUp = Instant.now().plusSeconds(150);
        for (int p = 0; p < 2; p++) {
            running.add(pollers.submit(() -> {
                while (Instant.now().isBefore(giveUp) && idle.get() < 8) {
                    List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(0)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                    if (got.isEmpty()) {
                        idle.incrementAndGet();
                        Thread.sleep(250);
                        continue;
                    }
                    idle.set(0);
                    Message m = got.getFirst();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    handler.handleRequest(new ByteArrayInputStream(FanOutMotoTest.sqsEvent(m)), out, null);
                    if (JSON.readTree(out.toByteArray()).get("batchItemFailures").isEmpty()) {
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
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

    /**
     * The stored items without what differs by tenant or by the moment each sync ran (the sandbox's clock runs here,
     * so counts may grow between the two syncs; PartnerSyncSandboxTest compares every field on a fixed clock).
     */
    private static Map<String, String> comparable(List<StoredCampaign> items) {
        Map<String, String> out = new TreeMap<>();
        for (StoredCampaign s : items) {
            SentCampaign c = s.campaign();
            out.put(c.campaignId(), new SentCampaign("-", c.campaignId(), c.name(), c.status(), c.campaignType(),
                    c.lastSentAt(), new io.ccheadless.core.campaigns.CampaignStats(0, 0, 0, 0, 0, 0, 0, 0), Instant.EPOCH, null, c.content()) + " announced " + s.announcedSentAt()
                    + " " + s.announcedSends());
        }
        return out;
    }
}
