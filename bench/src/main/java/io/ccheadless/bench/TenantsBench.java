package io.ccheadless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.store.DynamoPermitLedger;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many tenants under one API key (bench/tenants.sh): N tenants connected to one sandbox whose per-key limits (4/s,
 * 10,000/day) it enforces across all of them, then H hourly fan-outs on the sandbox clock (advanced an hour between
 * runs; the product runs on the same clock): the dispatcher enqueues on SQS (moto), five pollers play Lambda's event
 * source mapping (MaximumConcurrency 5, batch 1) and each runs its own container, i.e. its own governor, as separate
 * Lambdas would. Prints the issue's figures; nothing is asserted.
 *
 * <p>Arguments: tenants (default 20), hours (default 3), pollers (default 5).
 */
public final class TenantsBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int pollers = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        SandboxClock sandboxClock = SandboxClock.fixed(Instant.now());
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().clock(sandboxClock).campaigns(30).build())) {
            Clock clock = new TickingClock(sandboxClock);
            String id = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint,
                    "STATE_TABLE", "tb-state-" + id, "CAMPAIGNS_TABLE", "tb-campaigns-" + id,
                    "TOKEN_SECRET_PREFIX", "tb-" + id + "/tokens/", "CLIENT_SECRET_ID", "tb-" + id + "/cc-client",
                    "EVENT_BUS_NAME", "tb-" + id, "CC_AUTH_BASE_URL", cc.authBaseUri().toString(),
                    "CC_API_BASE_URL", cc.baseUri().toString(), "PRIME_ON_INIT", "false"));
            AtomicLong writes = new AtomicLong();
            Settings base = Settings.fromEnvironment(env);
            AwsClients aws = AwsClients.create(base, Duration.ofSeconds(10), List.of(new WriteCounter(writes)));
            LocalProvisioner.provision(aws, base, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
            SqsClient sqs = AwsClients.sqs(base, Duration.ofSeconds(10));
            LocalProvisioner.SyncQueues queues = LocalProvisioner.syncQueues(sqs, "tb-sync-" + id, 3, 300);
            env.put("SYNC_QUEUE_URL", queues.queueUrl());
            Settings settings = Settings.fromEnvironment(env);
            Log quiet = new Log(l -> { }, clock, "bench");

            long t0 = System.nanoTime();
            try (Container setup = Container.of(settings, aws, clock, quiet, "bench-setup")) {
                CcHeadless app = new CcHeadless(setup);
                for (int t = 0; t < tenants; t++) {
                    String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT,
                            Set.of("account_read", "campaign_data", "offline_access"), null);
                    app.connectWithCode(String.format("t%04d", t), code, REDIRECT, null, clock.instant().plusSeconds(120));
                }
            }
            System.out.printf("connected %d tenants in %d s (code exchanges paced by the token endpoint's governor)%n",
                    tenants, Duration.ofNanos(System.nanoTime() - t0).toSeconds());

            List<Container> lambdas = new ArrayList<>();
            for (int p = 0; p < pollers; p++) {
                lambdas.add(Container.of(settings, aws, clock, quiet, "bench-lambda-" + p));
            }
            cc.counters().reset();
            writes.set(0);
            long ledgerWrites = 0;
            List<Long> wallMs = new ArrayList<>();
            List<Long> requestsByHour = new ArrayList<>();
            AtomicInteger failedSyncs = new AtomicInteger();
            AtomicInteger syncs = new AtomicInteger();
            for (int h = 0; h < hours; h++) {
                long start = System.nanoTime();
                long requestsBefore = cc.counters().totalApiRequests();
                FanOut.Result r = lambdas.getFirst().bean(FanOut.class).run();
                ExecutorService pool = Executors.newFixedThreadPool(pollers);
                List<Future<?>> running = new ArrayList<>();
                AtomicInteger left = new AtomicInteger(r.enqueued().size());
                for (Container lambda : lambdas) {
                    ScheduledSync sync = lambda.bean(ScheduledSync.class);
                    running.add(pool.submit(() -> {
                        int empty = 0;
                        while (left.get() > 0 && empty < 40) {
                            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl()).maxNumberOfMessages(1)
                                    .waitTimeSeconds(0)).messages();
                            if (got.isEmpty()) {
                                empty++;
                                Thread.sleep(100);
                                continue;
                            }
                            empty = 0;
                            Message m = got.getFirst();
                            String tenant = JSON.readTree(m.body()).get("tenant").asText();
                            try {
                                SyncReport rep = sync.run(tenant, clock.instant().plus(Duration.ofMinutes(5)));
                                syncs.incrementAndGet();
                                if (rep.outcome() != SyncReport.Outcome.COMPLETED) {
                                    failedSyncs.incrementAndGet();
                                }
                                sqs.deleteMessage(b -> b.queueUrl(queues.queueUrl()).receiptHandle(m.receiptHandle()));
                                left.decrementAndGet();
                            } catch (RuntimeException e) {
                                failedSyncs.incrementAndGet();
                                left.decrementAndGet();   // left for SQS to redeliver; the bench counts it as failed
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(30, TimeUnit.MINUTES);
                }
                pool.shutdown();
                wallMs.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                requestsByHour.add(cc.counters().totalApiRequests() - requestsBefore);
                sandboxClock.advance(Duration.ofHours(1));
            }
            for (Container lambda : lambdas) {
                ledgerWrites += lambda.bean(DynamoPermitLedger.class).writes();
            }

            long requests = cc.counters().totalApiRequests();
            long throttled = cc.counters().answers(429);
            int peak = cc.counters().peakPerSecond(cc.clientId());
            double tenantHours = (double) tenants * hours;
            double requestsPerTenantDay = requests / tenantHours * 24;
            double writesPerTenantDay = writes.get() / tenantHours * 24;
            double ledgerPerTenantDay = ledgerWrites / tenantHours * 24;
            // quiet: the hours after the first, whose syncs find nothing new (the first one stores the accounts' campaigns)
            long quietRequests = requestsByHour.stream().skip(1).mapToLong(Long::longValue).sum();
            double perSync = hours > 1 ? (double) quietRequests / (tenants * (hours - 1.0)) : requests / tenantHours;
            List<Long> sorted = wallMs.stream().sorted().toList();
            System.out.println();
            System.out.printf("Many tenants under one API key: %d tenants, %d hourly fan-outs (sandbox clock), %d pollers%n",
                    tenants, hours, pollers);
            String row = "%-52s %s%n";
            System.out.printf(row, "figure", "value");
            System.out.printf(row, "syncs run / failed", syncs.get() + " / " + failedSyncs.get());
            System.out.printf(row, "CC requests per tenant-day", String.format("%.1f  (%d requests; per hour %s)",
                    requestsPerTenantDay, requests, requestsByHour));
            System.out.printf(row, "CC requests per quiet hourly sync", String.format("%.2f  (hours after the first)", perSync));
            System.out.printf(row, "429s from CC (target 0)", throttled);
            System.out.printf(row, "most requests in any second against the key", peak + "  (CC allows 4)");
            System.out.printf(row, "wall time of one hourly fan-out, median (min-max)", String.format("%d ms (%d-%d)",
                    sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast()));
            long spacingMs = io.ccheadless.core.api.RateLimits.api(settings.ccRequestsPerSecond(), 1).spacing().toMillis();
            System.out.printf(row, "  floor: a quiet hour's requests x the governor's spacing", String.format("%d ms  (%d x %d ms)",
                    Math.round(perSync * tenants) * spacingMs, Math.round(perSync * tenants), spacingMs));
            System.out.printf(row, "DynamoDB writes per tenant-day", String.format("%.1f  (governor %.1f of them: %.2f a CC request)",
                    writesPerTenantDay, ledgerPerTenantDay, requests == 0 ? 0 : (double) ledgerWrites / requests));
            System.out.printf(row, "quiet tenants one standard key syncs hourly (>= 380)", String.format("%d  (10,000 / (24 x %.2f))",
                    (long) Math.floor(10_000 / (24 * perSync)), perSync));
            System.out.printf(row, "quiet tenants one partner key syncs hourly (>= 9,500)", String.format("%d  (250,000 / (24 x %.2f))",
                    (long) Math.floor(250_000 / (24 * perSync)), perSync));
            System.out.printf("tenants: done; %d CPUs, load average %s%n", Runtime.getRuntime().availableProcessors(),
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
            for (Container lambda : lambdas) {
                lambda.close();
            }
            sqs.close();
            aws.close();
        }
    }

    /** The sandbox's clock as the product's: it moves with real time and jumps when the bench advances it. */
    static final class TickingClock extends Clock {
        private final SandboxClock base;
        private final long startNanos = System.nanoTime();
        private final Instant startedAt;

        TickingClock(SandboxClock base) {
            this.base = base;
            this.startedAt = base.now();
            // the sandbox clock is fixed: advance it with real time from a daemon so both move together
            Thread t = new Thread(() -> {
                long last = System.nanoTime();
                while (true) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    base.advance(Duration.ofNanos(now - last));
                    last = now;
                }
            }, "sandbox-clock");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public Instant instant() {
            return base.now();
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Counts DynamoDB write calls (each at least one write unit). */
    record WriteCounter(AtomicLong writes) implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            if (service != null && service.toLowerCase(java.util.Locale.ROOT).startsWith("dynamo") && Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                    "TransactWriteItems").contains(op)) {
                writes.incrementAndGet();
            }
        }
    }
}
