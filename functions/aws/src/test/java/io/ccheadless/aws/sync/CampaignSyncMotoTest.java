package io.ccheadless.aws.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeCampaignEvents;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoSyncStateStore;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.RateGate;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.CcCampaigns;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.SyncPolicy;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.campaigns.SyncState;
import io.ccheadless.core.campaigns.testing.SandboxLogin;
import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sync over its real adapters (DynamoDB items and sync-state item on moto, events through the bus to an SQS
 * queue) against a 10,000-campaign sandbox account, through the four daily situations. What is asserted is read
 * back from DynamoDB and from what the bus delivered. A two-day look-back keeps moto's share small (about 160
 * items and events); the 14-day window over the same account is proven on in-memory ports in the core's tests.
 */
class CampaignSyncMotoTest {
    static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");
    static final String TENANT = "acme";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LOOKBACK = Duration.ofDays(2);

    CcSandbox cc;
    AwsClients aws;
    SqsClient sqs;
    String queueUrl;
    DynamoCampaignStore store;
    DynamoSyncStateStore states;
    CampaignSync sync;
    CcApi api;
    SandboxLogin login;
    Clock clock;
    final AtomicInteger itemWrites = new AtomicInteger();

    @BeforeEach
    void setUp() {
        cc = CcSandbox.start(SandboxConfig.builder().clock(SandboxClock.fixed(T0)).tokenEndpointRateLimit(false)
                .apiRateLimit(false).campaigns(0).build());
        cc.control().generateCampaigns(10_000, 29, Duration.ofDays(90));
        Map<String, String> env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        aws = Moto.provision(env, cc.clientId(), cc.clientSecret());
        Settings s = Settings.fromEnvironment(env);
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(Moto.endpoint()))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("events-" + s.eventBusName())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "900"))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        aws.events().putRule(b -> b.name("sent").eventBusName(s.eventBusName())
                .eventPattern("{\"detail-type\": [\"Campaign Sent\"]}"));
        aws.events().putTargets(b -> b.rule("sent").eventBusName(s.eventBusName()).targets(t -> t.id("q").arn(arn)));

        clock = cc.clock().asClock();
        Sleeper none = d -> { };
        store = new DynamoCampaignStore(aws.dynamo(), s.campaignsTable(), Sleeper.REAL, itemWrites::addAndGet);
        states = new DynamoSyncStateStore(aws.dynamo(), s.stateTable());
        sync = new CampaignSync(store, states, new EventBridgeCampaignEvents(aws.events(), s.eventBusName()), clock,
                SyncPolicy.of(LOOKBACK, Duration.ofDays(3), Duration.ofMinutes(45)), "moto-test", new Log(l -> { }, clock, "t"));
        api = new CcApi(HttpExchange.withDefaults(Duration.ofSeconds(10)), cc.baseUri(),
                new RateGate(4, clock, none), clock, none, RandomGenerator.of("L64X128MixRandom"));
        login = new SandboxLogin(cc);
    }

    @AfterEach
    void tearDown() {
        sqs.close();
        aws.close();
        cc.close();
    }

    SyncReport run() {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));
        try (CcApiClient client = api.client(login, deadline)) {
            return sync.run(TENANT, new CcCampaigns(client), deadline);
        }
    }

    List<JsonNode> delivered() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                out.add(JSON.readTree(m.body()).path("detail"));
            }
        }
    }

    Map<String, StoredCampaign> stored() {
        Map<String, StoredCampaign> out = new HashMap<>();
        store.syncedSince(TENANT, T0.minus(Duration.ofDays(400))).forEach(c -> out.put(c.campaignId(), c));
        return out;
    }

    static void assertMatches(SandboxTruth.Sent t, SentCampaign c) {
        assertEquals(t.name(), c.name());
        assertEquals(t.status(), c.status());
        assertEquals(t.type(), c.campaignType());
        assertEquals(t.lastSentAt(), c.lastSentAt());
        assertEquals(t.stats(), c.stats(), "stats of " + t.campaignId());
    }

    @Test
    void firstNoChangeNewSendsAndGrownStatsAreStoredInDynamoDbAndAnnouncedOnTheBusExactlyOnce() throws Exception {
        // 1. first sync
        SandboxTruth truth = SandboxTruth.read(cc, login.bearer(), Duration.ZERO);
        Map<String, SandboxTruth.Sent> recent = truth.sentSince(T0.minus(LOOKBACK));
        assertTrue(recent.size() > 100, recent.size() + " recent sends");
        SyncReport first = run();
        assertEquals(SyncReport.Outcome.COMPLETED, first.outcome());
        Map<String, StoredCampaign> items = stored();
        assertEquals(recent.keySet(), items.keySet(), "one item per recent send, nothing else");
        for (SandboxTruth.Sent t : recent.values()) {
            assertMatches(t, items.get(t.campaignId()).campaign());
            assertFalse(items.get(t.campaignId()).announcementPending());
        }
        List<JsonNode> events = delivered();
        assertEquals(recent.size(), events.size(), "one event per send");
        assertEquals(recent.keySet(), events.stream().map(e -> e.path("campaign_id").asText()).collect(Collectors.toSet()));
        for (JsonNode e : events) {
            SandboxTruth.Sent t = recent.get(e.path("campaign_id").asText());
            assertEquals(t.name(), e.path("name").asText());
            assertEquals(items.get(t.campaignId()).campaign().content().subject(), e.path("subject").asText(),
                    "the event carries the subject kept in DynamoDB");
            assertTrue(e.path("links").isArray(), "and the link report");
            assertEquals(t.lastSentAt(), Instant.parse(e.path("sent_at").asText()));
            assertEquals(t.stats().opens(), e.path("stats").path("opens").asLong());
        }
        SyncState state = states.read(TENANT).orElseThrow();
        assertEquals(truth.sent.get(0).lastSentAt(), state.watermark());
        assertNull(state.checkpoint());
        assertEquals(2L * recent.size(), itemWrites.get(), "each stored marked announced, then given CC's stats report");
        assertTrue(stored().values().stream().allMatch(c -> c.campaign().report() != null), "every report kept in DynamoDB");

        // 2. nothing changed
        itemWrites.set(0);
        SyncReport idle = run();
        assertEquals(1, idle.ccRequests());
        assertEquals(0, itemWrites.get(), "not one item written");
        assertTrue(delivered().isEmpty(), "not one event");

        // 3. three new sends (ten minutes later: the stats on the newest page grew a little, and are refreshed for free)
        Map<String, StoredCampaign> before = stored();
        cc.control().advanceClock(Duration.ofMinutes(10));
        Set<String> fresh = Set.of(cc.control().createCampaign("Spring Launch 1"), cc.control().createCampaign("Spring Launch 2"),
                cc.control().createCampaign("Spring Launch 3"));
        fresh.forEach(id -> cc.control().sendCampaign(id));
        SandboxTruth afterSends = SandboxTruth.read(cc, login.bearer(), Duration.ZERO);
        long grownOnFirstPage = before.values().stream()
                .filter(c -> !afterSends.sent(c.campaignId()).stats().equals(c.campaign().stats())).count();
        itemWrites.set(0);
        SyncReport news = run();
        assertEquals(1 + 3 * 3, news.ccRequests(), "the summaries page; each new campaign, its activity and its links");
        assertEquals(3 + grownOnFirstPage, itemWrites.get(), "the new ones and those whose stats changed");
        List<JsonNode> newEvents = delivered();
        assertEquals(fresh, newEvents.stream().map(e -> e.path("campaign_id").asText()).collect(Collectors.toSet()));
        assertEquals(3, newEvents.size());
        items = stored();
        for (StoredCampaign c : items.values()) {
            assertMatches(afterSends.sent(c.campaignId()), c.campaign());
        }

        // 4. stats grew
        itemWrites.set(0);
        cc.control().advanceClock(Duration.ofMinutes(50));
        SandboxTruth grown = SandboxTruth.read(cc, login.bearer(), Duration.ZERO);
        SyncReport sweep = run();
        assertEquals(SyncReport.Outcome.COMPLETED, sweep.outcome());
        long grew = items.values().stream().filter(c -> !grown.sent(c.campaignId()).stats().equals(c.campaign().stats())).count();
        assertTrue(grew > 50, grew + " campaigns' stats grew");
        assertTrue(delivered().isEmpty(), "grown stats announce nothing");
        assertTrue(itemWrites.get() >= grew && itemWrites.get() <= 2 * grew,
                "the campaigns whose stats changed, for their counts and for CC's report: " + itemWrites.get());
        items = stored();
        assertEquals(recent.size() + 3, items.size());
        for (StoredCampaign c : items.values()) {
            assertMatches(grown.sent(c.campaignId()), c.campaign());
        }
    }
}
