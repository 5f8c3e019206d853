package io.ccheadless.bench;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.store.DynamoPermitLedger;
import io.ccheadless.aws.store.DynamoTenantRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import java.net.URI;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many tenants under one API key over a simulated day (bench/tenants.sh): N tenants connected to one sandbox that
 * enforces the key's limits across all of them, then 24 hourly fan-outs of one UTC day, measured: the dispatcher
 * reads the registry (moto) and enqueues, pollers play Lambda's event source mapping (MaximumConcurrency, batch 1),
 * each with its own container (its own rate governor), as separate Lambdas would.
 *
 * <p>Time is simulated ({@link SimulatedTime}): the sandbox and the product read one clock, which runs with real time
 * while any worker works and skips ahead while every worker waits (the governor's slots, lease waits, backoffs all go
 * through its sleeper), so pacing and the sandbox's per-second limits happen on the same clock, real latencies keep
 * their real length on it, and idle waits cost no real time (docs/tenants.md, "The simulated day"). Figures only:
 * nothing is asserted.
 *
 * <p>Arguments: tenants (1000), key kind ({@code partner}: 10/s and 250,000/day, the default, since 1,000 quiet tenants
 * need about 24,000 requests a day; or {@code standard}: 4/s and 10,000/day), pollers (5), campaigns per account (5),
 * hours (24).
 */
public final class TenantsBench {
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    /** The simulated day: connections the hour before it, then one fan-out at the top of each of its hours. */
    static final Instant DAY = Instant.parse("2026-12-02T00:00:00Z");

    record Key(String kind, int perSecond, long perDay, long governorBudget) {
        static Key of(String kind) {
            return switch (kind) {
                case "partner" -> new Key(kind, 10, 250_000, 240_000);
                case "standard" -> new Key(kind, 4, 10_000, 9_000);
                default -> throw new IllegalArgumentException("key kind: partner or standard, not " + kind);
            };
        }
    }

    record Hour(int hour, long v3Requests, long tokenRequests, long realMs, long virtualMs, long dynamoWrites,
                boolean lateStart) {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Key key = Key.of(args.length > 1 ? args[1] : "partner");
        int pollers = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int campaigns = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int hours = args.length > 4 ? Integer.parseInt(args[4]) : 24;
        long realStart = System.nanoTime();
        String endpoint = System.getenv("AWS_ENDPOINT_URL");

        SimulatedTime time = new SimulatedTime(DAY.minus(Duration.ofHours(1)));
        SandboxClock sandboxClock = SandboxClock.of(time);
        Clock clock = sandboxClock.asClock();
        Sleeper sleeper = time.sleeper();
        SandboxConfig config = SandboxConfig.builder().clock(sandboxClock).campaigns(campaigns)
                .apiLimits(key.perSecond(), key.perDay()).build();
        try (CcSandbox cc = CcSandbox.start(config)) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> env = new HashMap<>(LocalProvisioner.deploy(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", endpoint, "CC_AUTH_BASE_URL", cc.authBaseUri().toString(),
                    "CC_API_BASE_URL", cc.baseUri().toString(), "PRIME_ON_INIT", "false"), "tenants-" + id));   // template.yaml's
            env.put("CC_REQUESTS_PER_SECOND", Integer.toString(key.perSecond()));
            env.put("CC_DAILY_REQUEST_BUDGET", Long.toString(key.governorBudget()));
            AtomicLong writes = new AtomicLong();
            Settings base = Settings.fromEnvironment(env);
            AwsClients aws = AwsClients.create(base, Duration.ofSeconds(10), List.of(new WriteCounter(writes)));
            LocalProvisioner.provision(aws, base, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
            // The sync queue is in memory: moto's ReceiveMessage walks its whole queue (about a second at 800
            // messages, blocking single-threaded moto), so SQS would make this bench measure moto. The dispatcher's
            // own path (the registry's Scan, SendMessageBatch) is FanOutMotoTest's and FanOutFaultsMotoTest's.
            java.util.concurrent.ConcurrentLinkedQueue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Settings settings = base;
            // The dispatcher's registry reads through a client with a 30 s attempt bound instead of 2 s: moto's Scan
            // of a state table holding 2,000 items and more takes seconds on a loaded machine (DynamoDB: a page of
            // 1 MB in well under a second), and the bench is about the syncs' pace, not moto's Scan.
            DynamoDbClient slowScan = DynamoDbClient.builder().region(Region.of(base.region()))
                    .endpointOverride(URI.create(endpoint)).httpClient(UrlConnectionHttpClient.builder()
                            .socketTimeout(Duration.ofSeconds(30)).build())
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(90))
                            .apiCallAttemptTimeout(Duration.ofSeconds(30))).build();
            TenantRegistry registry = new DynamoTenantRegistry(slowScan, base.stateTable());
            Log quiet = new Log(l -> { }, clock, "bench");
            System.out.printf("tenants: %d tenants, %s key (%d/s, %,d/day; governor budget %,d), %d hourly fan-outs,"
                            + " %d pollers, %d campaigns an account; simulated time (real while anyone works, skipping"
                            + " while every worker waits)%n", tenants, key.kind(),
                    key.perSecond(), key.perDay(), key.governorBudget(), hours, pollers, campaigns);

            List<Container> lambdas = new ArrayList<>();
            for (int p = 0; p < pollers; p++) {
                lambdas.add(Container.of(settings, aws, clock, sleeper, quiet, "bench-lambda-" + p));
            }
            Instant connectStart = clock.instant();
            long t0 = System.nanoTime();
            connect(cc, lambdas, tenants, clock, time);
            System.out.printf("tenants: connected %d tenants in %d s real, %d s on the sandbox clock (code exchanges paced"
                            + " at the token endpoint's 1/s; %d answered 429 and were retried)%n", tenants,
                    Duration.ofNanos(System.nanoTime() - t0).toSeconds(), Duration.between(connectStart, clock.instant()).toSeconds(),
                    CONNECT_RETRIES.get());

            cc.counters().reset();
            writes.set(0);
            Map<String, Long> callsBefore = new HashMap<>();
            CALLS.forEach((op, n) -> callsBefore.put(op, n.get()));
            long ledgerBefore = ledgerWrites(lambdas);
            long droppedBefore = dropped(lambdas);
            Map<SyncReport.Outcome, Integer> outcomes = new ConcurrentHashMap<>();
            AtomicInteger failed = new AtomicInteger();
            List<Hour> done = new ArrayList<>();
            Map<String, Long> afterFirstHour = new HashMap<>();
            for (int h = 0; h < hours; h++) {
                Instant top = DAY.plus(Duration.ofHours(h));
                Instant now = clock.instant();
                boolean late = now.isAfter(top);
                if (!late) {
                    sandboxClock.advance(Duration.between(now, top));   // the idle rest of the hour
                }
                long v3Before = cc.counters().totalApiRequests();
                long tokenBefore = cc.counters().requests(SandboxRoutes.TOKEN);
                long writesBefore = writes.get();
                Instant virtualStart = clock.instant();
                long start = System.nanoTime();
                int enqueued = new FanOut(registry, queue::addAll).run().enqueued().size();
                poll(queue, lambdas, enqueued, clock, sleeper, time, outcomes, failed);
                done.add(new Hour(h, cc.counters().totalApiRequests() - v3Before,
                        cc.counters().requests(SandboxRoutes.TOKEN) - tokenBefore,
                        Duration.ofNanos(System.nanoTime() - start).toMillis(),
                        Duration.between(virtualStart, clock.instant()).toMillis(), writes.get() - writesBefore, late));
                System.out.printf("tenants: hour %02d: %d V3 + %d token requests, %.1f s on the sandbox clock, %.1f s real%s%n",
                        h, done.getLast().v3Requests(), done.getLast().tokenRequests(), done.getLast().virtualMs() / 1000.0,
                        done.getLast().realMs() / 1000.0, late ? " (started late: the previous hour overran)" : "");
                if (h == 0) {
                    afterFirstHour.putAll(cc.counters().requestsByRoute());
                }
            }
            System.out.printf("tenants: the clock skipped %.1f min in %,d jumps while every worker waited%n",
                    time.skipped().toMillis() / 60_000.0, time.skips());
            Map<String, Long> calls = new TreeMap<>();
            CALLS.forEach((op, n) -> calls.put(op, n.get() - callsBefore.getOrDefault(op, 0L)));
            System.out.printf("tenants: AWS calls of the product per tenant-hour: %s%n", perTenantHour(calls, tenants * hours));
            System.out.printf("tenants: CC requests by route over the day: %s%n", cc.counters().requestsByRoute());
            long quietStats = cc.counters().requests(STATS_ROUTE) - afterFirstHour.getOrDefault(STATS_ROUTE, 0L);
            report(cc, key, tenants, hours, pollers, done, quietStats, writes.get(), ledgerWrites(lambdas) - ledgerBefore,
                    dropped(lambdas) - droppedBefore, outcomes, failed.get(), settings);
            System.out.printf("tenants: done in %.1f min real; %d CPUs, load average %s%n",
                    Duration.ofNanos(System.nanoTime() - realStart).toSeconds() / 60.0,
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
            for (Container lambda : lambdas) {
                lambda.close();
            }
            slowScan.close();
            aws.close();
        }
    }

    /** Connects every tenant through the code exchange, one container per thread (the token governor paces them). */
    static void connect(CcSandbox cc, List<Container> lambdas, int tenants, Clock clock, SimulatedTime time)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lambdas.size());
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (Container lambda : lambdas) {
            CcHeadless app = new CcHeadless(lambda);
            running.add(pool.submit(() -> {
                time.join();
                try {
                    for (int t = next.getAndIncrement(); t < tenants; t = next.getAndIncrement()) {
                        for (int attempt = 1; ; attempt++) {
                            String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                                    Set.of("account_read", "campaign_data", "offline_access"), null);
                            try {
                                app.connectWithCode(String.format("t%04d", t), code, REDIRECT, null,
                                        clock.instant().plusSeconds(600));
                                break;
                            } catch (OAuthException e) {
                                if (attempt >= 3 || !e.getMessage().contains("429")) {
                                    throw e;
                                }
                                CONNECT_RETRIES.incrementAndGet();   // the user would authorize again: a fresh code
                            }
                        }
                    }
                } finally {
                    time.leave();
                }
                return null;
            }));
        }
        awaitAll(pool, running);
    }

    /**
     * The event source mapping: each poller takes one message at a time (batch size 1) and hands it to its own
     * container's sync (a failed sync is counted and not retried, so that the next hour starts clean).
     */
    static void poll(java.util.Queue<String> queue, List<Container> lambdas, int enqueued, Clock clock, Sleeper sleeper,
                     SimulatedTime time, Map<SyncReport.Outcome, Integer> outcomes, AtomicInteger failed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lambdas.size());
        AtomicInteger left = new AtomicInteger(enqueued);
        List<Future<?>> running = new ArrayList<>();
        for (Container lambda : lambdas) {
            ScheduledSync sync = lambda.bean(ScheduledSync.class);
            running.add(pool.submit(() -> {
                time.join();
                try {
                    drain(queue, sync, left, clock, outcomes, failed);
                } finally {
                    time.leave();
                }
                return null;
            }));
        }
        awaitAll(pool, running);
    }

    /** Waits for every worker (an hour of the simulated day at the most), then stops the pool. */
    private static void awaitAll(ExecutorService pool, List<Future<?>> running) throws Exception {
        try {
            for (Future<?> f : running) {
                f.get(60, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(java.util.Queue<String> queue, ScheduledSync sync, AtomicInteger left, Clock clock,
                              Map<SyncReport.Outcome, Integer> outcomes, AtomicInteger failed) {
        for (String tenant = queue.poll(); tenant != null; tenant = queue.poll()) {
            try {
                SyncReport r = sync.run(tenant, clock.instant().plus(Duration.ofMinutes(5)));
                outcomes.merge(r.outcome(), 1, Integer::sum);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                System.out.println("tenants: sync of " + tenant + " failed: " + e.getMessage());
            }
            left.decrementAndGet();
        }
    }

    static String perTenantHour(Map<String, Long> calls, int tenantHours) {
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (var e : calls.entrySet()) {
            if (e.getValue() > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", (double) e.getValue() / tenantHours));
                total += e.getValue();
            }
        }
        return String.format(Locale.ROOT, "%.2f in all (%s)", (double) total / tenantHours, b);
    }

    static long ledgerWrites(List<Container> lambdas) {
        return lambdas.stream().mapToLong(l -> l.bean(DynamoPermitLedger.class).writes()).sum();
    }

    static long dropped(List<Container> lambdas) {
        return lambdas.stream().mapToLong(l -> l.bean(RateGovernor.class, "cc-api").dropped()
                + l.bean(RateGovernor.class, "cc-token").dropped()).sum();
    }

    /** The stats refresh of campaigns sent within the stats window (STATS_WINDOW_DAYS), every STATS_REFRESH_MINUTES. */
    static final String STATS_ROUTE = "reports.stats.email_campaigns";

    static void report(CcSandbox cc, Key key, int tenants, int hours, int pollers, List<Hour> done, long quietStats,
                       long writes,
                       long ledgerWrites, long dropped, Map<SyncReport.Outcome, Integer> outcomes, int failed,
                       Settings settings) {
        double days = hours / 24.0;
        long v3 = done.stream().mapToLong(Hour::v3Requests).sum();
        long token = done.stream().mapToLong(Hour::tokenRequests).sum();
        // quiet hours: after the first (which stores each account's campaigns)
        List<Hour> quiet = done.subList(Math.min(1, done.size() - 1), done.size());
        double quietPerTenantHour = quiet.stream().mapToLong(Hour::v3Requests).sum() / ((double) tenants * quiet.size());
        double quietPerTenantDay = quietPerTenantHour * 24;
        List<Long> virtual = quiet.stream().map(Hour::virtualMs).sorted().toList();
        List<Long> real = quiet.stream().map(Hour::realMs).sorted().toList();
        long medianVirtual = virtual.get(virtual.size() / 2);
        long medianReal = real.get(real.size() / 2);
        RateLimits limits = RateLimits.api(key.perSecond(), key.governorBudget());
        long spacingMs = limits.spacing().toMillis();
        String row = "%-60s %s%n";
        System.out.println();
        System.out.printf("Many tenants under one API key: %d tenants, %s key, %d hourly fan-outs of one simulated UTC day"
                + " (sandbox clock), %d pollers%n", tenants, key.kind(), hours, pollers);
        System.out.printf(row, "figure", "value");
        System.out.printf(row, "syncs by outcome / failed", new TreeMap<>(outcomes) + " / " + failed);
        System.out.printf(row, "CC requests per tenant-day (V3 + token endpoint)", String.format(Locale.ROOT,
                "%.2f + %.2f  (%,d + %,d in %d hours)", v3 / (tenants * days), token / (tenants * days), v3, token, hours));
        System.out.printf(row, "CC requests per quiet hourly sync (hours after the first)",
                String.format(Locale.ROOT, "%.3f", quietPerTenantHour));
        System.out.printf(row, "429s from CC (target 0)", cc.counters().answers(429));
        System.out.printf(row, "most requests in any second against the key (sandbox clock)", String.format(
                "%d offered, %d admitted  (the key allows %d)", cc.counters().peakOfferedPerSecond(cc.clientId()),
                cc.counters().peakPerSecond(cc.clientId()), key.perSecond()));
        System.out.printf(row, "slots booked but missed (dropped) by a late process", dropped);
        System.out.printf(row, "one quiet hourly fan-out, sandbox clock: median (min-max)", String.format(Locale.ROOT,
                "%.1f s (%.1f-%.1f)", medianVirtual / 1000.0, virtual.getFirst() / 1000.0, virtual.getLast() / 1000.0));
        long floorMs = Math.round(quietPerTenantHour * tenants) * spacingMs;
        System.out.printf(row, "  floor: its requests x the governor's spacing", String.format(Locale.ROOT,
                "%.1f s  (%d x %d ms)", floorMs / 1000.0, Math.round(quietPerTenantHour * tenants), spacingMs));
        System.out.printf(row, "one quiet hourly fan-out, real: median (min-max)", String.format(Locale.ROOT,
                "%.1f s (%.1f-%.1f)", medianReal / 1000.0, real.getFirst() / 1000.0, real.getLast() / 1000.0));
        System.out.printf(row, "first hourly fan-out (stores every account's campaigns)", String.format(Locale.ROOT,
                "%.1f s sandbox clock, %.1f s real, %d V3 requests", done.getFirst().virtualMs() / 1000.0,
                done.getFirst().realMs() / 1000.0, done.getFirst().v3Requests()));
        System.out.printf(row, "DynamoDB writes per tenant-day", String.format(Locale.ROOT,
                "%.1f  (governor %.1f of them: %.2f a CC request)", writes / (tenants * days), ledgerWrites / (tenants * days),
                (v3 + token) == 0 ? 0 : (double) ledgerWrites / (v3 + token)));
        // Capacity: the day's budget over the measured quiet cost, and the hour the measured fan-out would take at that
        // key's pace (its measured time per tenant here, scaled by the ratio of spacings; never less than the floor).
        double perTenantMs = (double) medianVirtual / tenants;
        capacity(row, "standard", 10_000, RateLimits.api(4, 9_000), quietPerTenantDay, quietPerTenantHour, perTenantMs,
                spacingMs, 380);
        capacity(row, "partner", 250_000, RateLimits.api(10, 240_000), quietPerTenantDay, quietPerTenantHour, perTenantMs,
                spacingMs, 9_500);
        // The same accounts without the hourly stats refresh: what a tenant with nothing sent within the stats window costs
        double idleHour = quietPerTenantHour - quietStats / ((double) tenants * quiet.size());
        System.out.printf(row, "  of a quiet sync's requests, the stats refresh of recent sends", String.format(Locale.ROOT,
                "%.3f; without it (nothing sent within STATS_WINDOW_DAYS) a quiet sync is %.3f:", quietPerTenantHour - idleHour,
                idleHour));
        if (idleHour > 0) {
            capacity(row, "standard (no recent sends)", 10_000, RateLimits.api(4, 9_000), idleHour * 24, idleHour,
                    perTenantMs * idleHour / quietPerTenantHour, spacingMs, 380);
            capacity(row, "partner (no recent sends)", 250_000, RateLimits.api(10, 240_000), idleHour * 24, idleHour,
                    perTenantMs * idleHour / quietPerTenantHour, spacingMs, 9_500);
        }
        System.out.println("simulated time: real delays (moto, HTTP, CPU) pass at real pace, waits are skipped; a fan-out"
                + " above its floor is moto's single-threaded latency, not CC's pace.");
    }

    static void capacity(String row, String kind, long perDay, RateLimits limits, double perTenantDay, double perTenantHour,
                         double measuredPerTenantMs, long measuredSpacingMs, long target) {
        long byDay = (long) Math.floor(perDay / perTenantDay);
        double paceMs = perTenantHour * limits.spacing().toMillis();   // the floor per tenant at that key's pace
        double scaledMs = Math.max(paceMs, measuredPerTenantMs * limits.spacing().toMillis() / measuredSpacingMs);
        long byHour = (long) Math.floor(3_600_000 / scaledMs);
        System.out.printf(row, "quiet tenants one " + kind + " key syncs hourly (>= " + String.format("%,d", target) + ")",
                String.format(Locale.ROOT, "%,d  (day: %,d / %.2f = %,d; hour: %,d tenants' fan-out takes %.0f s at %d/s,"
                                + " %s)", Math.min(byDay, byHour), perDay, perTenantDay, byDay, byDay,
                        byDay * scaledMs / 1000, limits.perSecond(), byDay * scaledMs <= 3_600_000 ? "fits the hour"
                                : "does NOT fit the hour: " + byHour + " do"));
    }

    /** Counts DynamoDB write calls, answered or refused (each at least one write unit). */
    /** Code exchanges answered 429 while connecting (before the day is measured), each retried with a fresh code. */
    static final AtomicInteger CONNECT_RETRIES = new AtomicInteger();

    /** Every AWS call of the product, by service and operation (the bench's own SQS polling is not among them). */
    static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    record WriteCounter(AtomicLong writes) implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            count(attributes);
        }

        /** A refused conditional write costs a write unit all the same. */
        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            count(attributes);
        }

        private void count(ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            CALLS.computeIfAbsent(service + "." + op, x -> new AtomicLong()).incrementAndGet();
            if (service != null && service.toLowerCase(Locale.ROOT).startsWith("dynamo") && Set.of("PutItem", "UpdateItem",
                    "DeleteItem", "BatchWriteItem", "TransactWriteItems").contains(op)) {
                writes.incrementAndGet();
            }
        }
    }
}
