package io.ccheadless.bench;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeCampaignEvents;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoPermitLedger;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.aws.store.DynamoSyncStateStore;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.CcCampaigns;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.SyncPolicy;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.campaigns.testing.FaultyCcTransport;
import io.ccheadless.core.campaigns.testing.SandboxLogin;
import io.ccheadless.core.campaigns.testing.SandboxTruth;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Transport;
import io.ccheadless.core.http.UrlConnectionTransport;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The campaign sync benchmark (run by bench/sync-bench.sh). One sandbox account of generated campaigns on the
 * sandbox's real-time clock with CC's limits on; DynamoDB and EventBridge on moto at AWS_ENDPOINT_URL; the sync
 * wired as in the function (Dynamo campaign store, sync-state item and lease, daily budget and rate through the API key's governor, EventBridge events, the
 * 4 req/s gate, real sleeps). Each scenario prints one row. The "fewest" column is derived from the sandbox's data
 * (read over its API beforehand, paced under its limit): summaries pages down to the scenario's floor, plus the
 * fewer of one read per campaign needing a name or listing pages down to the oldest-updated of those campaigns.
 */
public final class SyncBench {
    static final int PAGE = 500;
    static final Duration LOOKBACK = Duration.ofDays(14);
    static final Duration PACE = Duration.ofMillis(300);

    record Row(String scenario, int requests, int fewest, Duration wall, int throttled, int peak, int items, int calls,
               int events, String note) {
    }

    public static void main(String[] args) throws Exception {
        int campaigns = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double faultRate = args.length > 1 ? Double.parseDouble(args[1]) : 0.20;
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            System.err.println("sync-bench: AWS_ENDPOINT_URL must name moto (bench/sync-bench.sh starts one)");
            System.exit(2);
        }
        List<Row> rows = new ArrayList<>();
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(0).strictness(ApiStrictness.REAL_CC).build())) {
            cc.control().generateCampaigns(campaigns, 42, Duration.ofDays(90));
            SandboxLogin login = new SandboxLogin(cc);
            System.out.printf("sync-bench: %,d campaigns over 90 days in the sandbox (4 req/s and 10,000/day enforced, real time),"
                    + " as strict as real CC may be (lists left out, offset cursors, summaries to the minute),"
                    + " look-back %d days, pages of %d, DynamoDB and EventBridge on moto%n%n", campaigns, LOOKBACK.toDays(), PAGE);

            Rig clean = new Rig(cc, login, endpoint, null);
            SandboxTruth truth = truth(cc, login);
            Instant cutoff = cc.clock().now().minus(LOOKBACK);
            Map<String, SandboxTruth.Sent> recent = truth.sentSince(cutoff);
            int fewestFirst = truth.summaryPagesDownTo(cutoff, PAGE) + SandboxTruth.newCampaignRequests(recent.keySet(), true)
                    + SandboxTruth.reportRequests(recent.size());   // CC's stats report, 150 campaigns a request
            // three reads for each new campaign: a first sync of a large account takes several invocations, each
            // of which re-reads the summaries pages above its checkpoint; the fewest counts one invocation
            rows.add(clean.runUntilComplete(String.format("first sync (%,d campaigns, %,d sent in window)", campaigns,
                    recent.size()), fewestFirst));
            rows.add(clean.run("no new sends, seconds later", 1, ""));

            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String id = cc.control().createCampaign("Bench Launch " + UUID.randomUUID().toString().substring(0, 6));
                cc.control().sendCampaign(id);
                sent.add(id);
            }
            SandboxTruth afterSends = truth(cc, login);
            rows.add(clean.run("3 new sends", 1 + SandboxTruth.newCampaignRequests(sent, true), ""));

            cc.control().advanceClock(Duration.ofMinutes(5).plusSeconds(17));
            cc.control().resendCampaign(sent.getFirst());
            truth(cc, login);
            // the summaries page, the campaign (its activities), the history of its one resend activity
            rows.add(clean.run("a re-send (non-openers, run date with seconds)", 3, ""));

            cc.control().advanceClock(Duration.ofMinutes(50));
            SandboxTruth grown = truth(cc, login);
            Instant oldest = clean.stored().values().stream().map(StoredCampaign::lastSentAt).min(Instant::compareTo).orElseThrow();
            // the sweep reads the stats report only for campaigns whose counts moved since it was read (150 a request)
            long moved = clean.stored().values().stream().filter(sc -> grown.sent(sc.campaignId()) != null
                    && !grown.sent(sc.campaignId()).stats().equals(sc.campaign().stats())).count();
            rows.add(clean.run("stats grew (+50 min, whole window swept)", grown.summaryPagesDownTo(oldest, PAGE)
                    + SandboxTruth.reportRequests(moved), String.format("%d of %d stored campaigns' counts moved",
                    moved, clean.stored().size())));

            FaultyCcTransport faults = new FaultyCcTransport(UrlConnectionTransport.INSTANCE, faultRate, 7);
            Rig faulty = new Rig(cc, login, endpoint, faults);
            SandboxTruth now = truth(cc, login);
            Instant cutoff2 = cc.clock().now().minus(LOOKBACK);
            Map<String, SandboxTruth.Sent> recent2 = now.sentSince(cutoff2);
            int fewest2 = now.summaryPagesDownTo(cutoff2, PAGE) + SandboxTruth.newCampaignRequests(recent2.keySet(), true)
                    + SandboxTruth.reportRequests(recent2.size());
            Row f = faulty.runUntilComplete(String.format("first sync, %.0f%% of calls failing", faultRate * 100), fewest2);
            boolean same = comparable(faulty.stored(), cutoff2).equals(comparable(clean.stored(), cutoff2));
            rows.add(new Row(f.scenario(), f.requests(), f.fewest(), f.wall(), f.throttled(), f.peak(), f.items(), f.calls(),
                    f.events(), f.note() + String.format("; %d faults injected; stored = fault-free: %s", faults.injectedTotal(),
                    same ? "yes" : "NO")));
            clean.close();
            faulty.close();
        }
        print(rows);
    }

    static SandboxTruth truth(CcSandbox cc, SandboxLogin login) throws InterruptedException {
        SandboxTruth t = SandboxTruth.read(cc, login.bearer(), PACE);
        Thread.sleep(Duration.ofMillis(1_100));   // let the sandbox's one-second window empty before the sync
        return t;
    }

    static Map<String, String> comparable(Map<String, StoredCampaign> stored, Instant from) {
        Map<String, String> out = new TreeMap<>();
        stored.forEach((id, s) -> {
            if (!s.lastSentAt().isBefore(from)) {
                out.put(id, s.campaign().name() + "|" + s.campaign().status() + "|" + s.lastSentAt() + "|" + s.announcementPending()
                        + "|" + (s.campaign().content() == null ? null : s.campaign().content().subject()));
            }
        });
        return out;
    }

    static void print(List<Row> rows) {
        String fmt = "%-50s %8s %7s %6s %9s %13s %14s %7s%n";
        System.out.printf(fmt, "scenario", "requests", "fewest", "ratio", "wall", "429s (peak/s)", "DDB writes", "events");
        System.out.printf(fmt, "", "to CC", "", "", "", "", "items (calls)", "");
        for (Row r : rows) {
            System.out.printf(fmt, r.scenario(), r.requests(), r.fewest(), String.format("%.2f", (double) r.requests() / r.fewest()),
                    String.format("%.2f s", r.wall().toMillis() / 1000.0), r.throttled() + " (" + r.peak() + ")",
                    r.items() + " (" + r.calls() + ")", r.events());
            if (!r.note().isEmpty()) {
                System.out.printf("    %s%n", r.note());
            }
        }
        Row first = rows.get(0);
        System.out.printf("%nfirst sync: %d requests for a minimum of %d (%s of the minimum); no-change sync: %d request(s)%n",
                first.requests(), first.fewest(), first.requests() <= Math.floor(first.fewest() * 1.10) ? "within 10%" : "NOT within 10%",
                rows.get(1).requests());
    }

    /** The sync as the function wires it, on its own tables and bus, counting DynamoDB writes. */
    static final class Rig implements AutoCloseable {
        final CcSandbox cc;
        final SandboxLogin login;
        final AwsClients aws;
        final DynamoCampaignStore store;
        final CampaignSync sync;
        final CcApi api;
        final Clock clock;
        final AtomicInteger writeItems = new AtomicInteger();
        final AtomicInteger writeCalls = new AtomicInteger();
        final Settings settings;

        Rig(CcSandbox cc, SandboxLogin login, String endpoint, Transport transport) {
            this.cc = cc;
            this.login = login;
            String id = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> env = LocalProvisioner.deploy(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint,
                    "CC_AUTH_BASE_URL", cc.authBaseUri().toString(), "CC_API_BASE_URL", cc.baseUri().toString()), "bench-" + id);
            settings = Settings.fromEnvironment(env);
            AwsClients base = AwsClients.create(settings);
            DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(settings.region()))
                    .endpointOverride(URI.create(endpoint)).httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.addExecutionInterceptor(new WriteCounter(writeItems, writeCalls))).build();
            base.dynamo().close();
            aws = new AwsClients(dynamo, base.secrets(), base.events(), base.callTimeout(), base.clockCheck(), base.http(),
                    base.override());
            LocalProvisioner.provision(aws, settings, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
            writeItems.set(0);
            writeCalls.set(0);
            clock = cc.clock().asClock();
            store = new DynamoCampaignStore(dynamo, settings.campaignsTable(), Sleeper.REAL);
            sync = new CampaignSync(store, new DynamoSyncStateStore(dynamo, settings.stateTable()),
                    new EventBridgeCampaignEvents(aws.events(), settings.eventBusName()), clock,
                    SyncPolicy.of(LOOKBACK, settings.statsWindow(), settings.statsRefresh()), "bench",
                    new Log(l -> { }, clock, "bench"));
            // Every request takes its permit from the API key's governor, as in the functions (docs/rate-governor.md).
            RateGovernor governor = new RateGovernor(new DynamoPermitLedger(dynamo, settings.stateTable()),
                    () -> "api#" + cc.clientId(), RateLimits.api(settings.ccRequestsPerSecond(), settings.ccDailyRequestBudget()),
                    clock, Sleeper.REAL);
            api = new CcApi(new HttpExchange(transport == null ? UrlConnectionTransport.INSTANCE : transport, Duration.ofSeconds(10))
                    .governedBy(governor), cc.baseUri(), settings.ccRequestsPerSecond(), clock, Sleeper.REAL, RandomGenerator.getDefault());
        }

        Row run(String scenario, int fewest, String note) {
            int items = writeItems.get();
            int calls = writeCalls.get();
            long t0 = System.nanoTime();
            Instant deadline = clock.instant().plus(Duration.ofMinutes(5));
            SyncReport r;
            try (CcApiClient client = api.client(login, deadline)) {
                r = sync.run("bench", new CcCampaigns(client), deadline);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            String n = r.outcome() == SyncReport.Outcome.COMPLETED ? note : r.outcome() + " " + r.detail();
            return new Row(scenario, r.ccRequests(), fewest, wall, r.throttled(), peak(r.throttledAt()),
                    writeItems.get() - items, writeCalls.get() - calls, r.newlySent(), n);
        }

        /** As the schedule would: a run that fails is simply run again. Figures add up over the runs. */
        Row runUntilComplete(String scenario, int fewest) {
            int items = writeItems.get();
            int calls = writeCalls.get();
            int requests = 0;
            int events = 0;
            int failed = 0;
            List<Instant> throttled = new ArrayList<>();
            long t0 = System.nanoTime();
            while (true) {
                Instant deadline = clock.instant().plus(Duration.ofMinutes(5));
                try (CcApiClient client = api.client(login, deadline)) {
                    try {
                        SyncReport r = sync.run("bench", new CcCampaigns(client), deadline);
                        events += r.newlySent();
                        if (r.outcome() == SyncReport.Outcome.COMPLETED) {
                            requests += client.requestsMade();
                            throttled.addAll(client.throttledAt());
                            break;
                        }
                    } catch (CcApiException e) {
                        failed++;
                    }
                    requests += client.requestsMade();
                    throttled.addAll(client.throttledAt());
                }
                if (failed > 10) {
                    break;
                }
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            return new Row(scenario, requests, fewest, wall, throttled.size(), peak(throttled), writeItems.get() - items,
                    writeCalls.get() - calls, events, (failed + 1) + " run(s)");
        }

        Map<String, StoredCampaign> stored() {
            Map<String, StoredCampaign> out = new HashMap<>();
            store.syncedSince("bench", Instant.EPOCH).forEach(s -> out.put(s.campaignId(), s));
            return out;
        }

        @Override
        public void close() {
            aws.close();
        }
    }

    /** Most 429s received within any one second. */
    static int peak(List<Instant> at) {
        List<Instant> sorted = at.stream().sorted().toList();
        int best = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (Duration.between(sorted.get(j), sorted.get(i)).compareTo(Duration.ofSeconds(1)) >= 0) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }

    /** Counts DynamoDB write requests and the items they carry (BatchWriteItem: every item of every attempt). */
    record WriteCounter(AtomicInteger items, AtomicInteger calls) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Object r = context.request();
            if (r instanceof BatchWriteItemRequest b) {
                calls.incrementAndGet();
                items.addAndGet(b.requestItems().values().stream().mapToInt(List::size).sum());
            } else if (r instanceof PutItemRequest || r instanceof UpdateItemRequest || r instanceof DeleteItemRequest) {
                calls.incrementAndGet();
                items.incrementAndGet();
            }
        }
    }
}
