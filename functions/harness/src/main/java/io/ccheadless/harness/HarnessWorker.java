package io.ccheadless.harness;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.CachingTokenVault;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.RedemptionProbe;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenTelemetry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * One redeemer process. Configured by the environment (the functions' variables, plus HARNESS_THREADS,
 * HARNESS_LEASE_SECONDS, HARNESS_TENANT); driven by lines on stdin, answering lines on stdout:
 * <pre>
 *   round K OFFSET_MS      → "result K ok=N failed=M waited=W gens=[..] waits_ms=a,b,.. error=…"
 *   once OFFSET_MS         → "outcome ok gen=G" | "outcome failed MESSAGE"
 *   crash STEP OFFSET_MS   → "reached STEP", then blocks until killed (SIGKILL)
 *   phases                 → "phases go=US ev=op:thread:startUs:endUs:tag;…", the store, vault, CC and sleep calls
 *                            of the last round or once ({@link PhaseTrace}; the bench's per-phase figures)
 * </pre>
 * It builds the very TokenService the functions run, over DynamoDB and Secrets Manager (moto) and CC (sandbox).
 */
public final class HarnessWorker {
    private HarnessWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Settings s = Settings.fromEnvironment(System.getenv());
        String tenant = System.getenv().getOrDefault("HARNESS_TENANT", "default");
        int threads = Integer.parseInt(System.getenv().getOrDefault("HARNESS_THREADS", "16"));
        int leaseSeconds = Integer.parseInt(System.getenv().getOrDefault("HARNESS_LEASE_SECONDS", "60"));
        // Short leases (the crash matrix) need short call bounds: the policy refuses a lease that cannot cover one redemption.
        boolean shortLease = leaseSeconds < 30;
        TokenPolicy.CallBounds bounds = shortLease
                ? new TokenPolicy.CallBounds(Duration.ofMillis(1500), Duration.ofSeconds(1)) : TokenPolicy.DEFAULT_BOUNDS;
        Duration skew = shortLease ? Duration.ofMillis(500) : Duration.ofSeconds(4);
        TokenPolicy policy = new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(leaseSeconds),
                Duration.ofMillis(500), bounds, skew, Duration.ofMillis(50), Duration.ofMillis(500));
        OffsetClock clock = new OffsetClock();
        AtomicInteger waits = new AtomicInteger();
        Log log = new Log(line -> { }, clock, "worker");
        LoggingTokenTelemetry logging = new LoggingTokenTelemetry(log);
        TokenTelemetry telemetry = new CountingTelemetry(logging, waits);
        String[] crashAt = {null};
        RedemptionProbe probe = (step, t, g) -> {
            if (step.name().equals(crashAt[0])) {
                out.println("reached " + step);
                try {
                    Thread.sleep(Long.MAX_VALUE);   // held here until the coordinator kills the process
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PhaseTrace trace = new PhaseTrace();
        try (AwsClients aws = AwsClients.create(s, bounds.storeCall(), List.of())) {
            TokenService tokens = new TokenService(trace.pointers(new DynamoPointerStore(aws.dynamo(), s.stateTable())),
                    new CachingTokenVault(trace.vault(new SecretsManagerTokenVault(aws.secrets(), s.tokenSecretPrefix()))),
                    trace.endpoint(new OAuthClient(HttpExchange.withDefaults(bounds.tokenCall()), s.ccAuthBase(),
                            new ClientCredentialsSecret(aws.secrets(), s.clientSecretId()))),
                    telemetry, policy, clock, trace.sleeper(Sleeper.REAL), RandomGenerator.getDefault(),
                    "worker-" + ProcessHandle.current().pid(), probe);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split(" ");
                switch (w[0]) {
                    case "round" -> {
                        clock.setOffset(Long.parseLong(w[2]));
                        waits.set(0);
                        out.println(round(w[1], tokens, tenant, pool, threads, clock, waits, trace));
                    }
                    case "once" -> {
                        clock.setOffset(Long.parseLong(w[1]));
                        trace.reset(System.nanoTime());
                        try {
                            AccessGrant g = tokens.accessToken(tenant, clock.instant().plusSeconds(60));
                            out.println("outcome ok gen=" + g.generation());
                        } catch (RuntimeException e) {
                            out.println("outcome failed " + describe(e));
                        }
                    }
                    case "crash" -> {
                        crashAt[0] = w[1];
                        clock.setOffset(Long.parseLong(w[2]));
                        try {
                            tokens.accessToken(tenant, clock.instant().plusSeconds(60));
                            out.println("outcome ok (step " + w[1] + " not reached)");
                        } catch (RuntimeException e) {
                            out.println("outcome failed " + describe(e));
                        }
                    }
                    case "phases" -> out.println(trace.line());
                    case "quit" -> {
                        pool.shutdownNow();
                        return;
                    }
                    default -> out.println("error unknown command " + w[0]);
                }
            }
            pool.shutdownNow();
        }
    }

    private static String round(String k, TokenService tokens, String tenant, ExecutorService pool, int threads,
                                OffsetClock clock, AtomicInteger waits, PhaseTrace trace) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                AccessGrant g = tokens.accessToken(tenant, clock.instant().plusSeconds(60));
                long t1 = System.nanoTime();
                trace.record("call", t0, t1, "g" + g.generation());
                return new long[]{g.generation(), (t1 - t0) / 1_000_000};
            }));
        }
        trace.reset(System.nanoTime());
        go.countDown();
        int ok = 0;
        int failed = 0;
        String error = "";
        TreeSet<Long> gens = new TreeSet<>();
        StringBuilder ms = new StringBuilder();
        for (Future<long[]> f : calls) {
            try {
                long[] r = f.get(120, TimeUnit.SECONDS);
                ok++;
                gens.add(r[0]);
                ms.append(ms.isEmpty() ? "" : ",").append(r[1]);
            } catch (Exception e) {
                failed++;
                error = oneLine(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
        }
        return "result " + k + " ok=" + ok + " failed=" + failed + " waited=" + waits.get() + " gens=" + gens
                + " waits_ms=" + (ms.isEmpty() ? "-" : ms) + " error=" + error;
    }

    private static String describe(RuntimeException e) {
        String action = e instanceof io.ccheadless.core.token.TokenUnavailableException t && t.operatorAction() != null
                ? " — " + t.operatorAction() : "";
        return oneLine(e.getMessage()) + action;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }

    /** Counts waits (callers that blocked on another holder) on top of the usual log telemetry. */
    private record CountingTelemetry(TokenTelemetry delegate, AtomicInteger waits) implements TokenTelemetry {
        @Override
        public void redeemed(String tenant, long fromGeneration, String fence, String outcome) {
            delegate.redeemed(tenant, fromGeneration, fence, outcome);
        }

        @Override
        public void lostRace(String tenant, long generationSeen, long generationNow) {
            delegate.lostRace(tenant, generationSeen, generationNow);
        }

        @Override
        public void waited(String tenant, Duration waited) {
            waits.incrementAndGet();
            delegate.waited(tenant, waited);
        }

        @Override
        public void reauthRequired(String tenant, long generation, String diagnosis) {
            delegate.reauthRequired(tenant, generation, diagnosis);
        }

        @Override
        public void transientFailure(String tenant, long generation, String error, int attempt) {
            delegate.transientFailure(tenant, generation, error, attempt);
        }
    }

}
