package io.ccheadless.harness;

import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the token protocol's figures (a benchmark, not a test): redemptions per expiry, caller wait on
 * EXPIRED (p50/p99), callers blocked during a STALE refresh, invalid_grant count, and secret writes per day
 * under an hourly schedule. Needs AWS_ENDPOINT_URL (bench/token-bench.sh starts moto).
 * Args: [processes=4] [threads=16] [expiries=20] [simulatedDays=3]
 */
public final class TokenBench {
    private static final Pattern RESULT = Pattern.compile("ok=(\\d+) failed=(\\d+) waited=(\\d+) gens=\\[[^\\]]*\\] waits_ms=(\\S+)");

    private TokenBench() {
    }

    public static void main(String[] args) throws Exception {
        int processes = arg(args, 0, 4);
        int threads = arg(args, 1, 16);
        int expiries = arg(args, 2, 20);
        int days = arg(args, 3, 3);
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null) {
            System.err.println("token-bench: set AWS_ENDPOINT_URL to moto (bench/token-bench.sh does)");
            System.exit(2);
        }
        Path logs = Files.createDirectories(Path.of("target", "token-bench"));
        System.out.printf("token-bench: %d processes x %d threads, %d forced expiries, strict rotation, moto at %s%n%n",
                processes, threads, expiries, endpoint);
        try (Harness h = Harness.start(SandboxConfig.builder().refreshMode(RefreshTokenMode.ROTATING_STRICT).build(), endpoint, 60, logs)) {
            List<Harness.Worker> workers = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                workers.add(h.spawn(threads));
            }
            long refreshesBefore = h.cc.counters().successfulRefreshes();
            List<Long> expiredWaits = new ArrayList<>();
            int failed = 0;
            long t0 = System.nanoTime();
            for (int k = 1; k <= expiries; k++) {
                h.advance(Duration.ofHours(25));
                failed += round(h, workers, "e" + k, expiredWaits, null);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long redemptions = h.cc.counters().successfulRefreshes() - refreshesBefore;

            // STALE: 30 minutes before expiry, inside the one-hour refresh-ahead window.
            h.advance(Duration.ofHours(23).plusMinutes(30));
            long staleBefore = h.cc.counters().successfulRefreshes();
            int[] staleWaited = {0};
            List<Long> staleLatency = new ArrayList<>();
            failed += round(h, workers, "stale", staleLatency, staleWaited);
            long staleRefreshes = h.cc.counters().successfulRefreshes() - staleBefore;

            // Hourly schedule: one caller an hour for `days` simulated days.
            Harness.Worker hourly = workers.get(0);
            long writesBefore = h.cc.counters().successfulRefreshes();
            for (int hour = 0; hour < days * 24; hour++) {
                h.advance(Duration.ofHours(1));
                hourly.send("once " + h.offsetMillis());
                String r = hourly.read(Duration.ofSeconds(60));
                if (!r.startsWith("outcome ok")) {
                    failed++;
                }
            }
            double writesPerDay = (h.cc.counters().successfulRefreshes() - writesBefore) / (double) days;

            long[] w = expiredWaits.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println("figure                                         value");
            System.out.printf("redemptions per expiry                         %.2f  (%d redemptions / %d expiries)%n",
                    redemptions / (double) expiries, redemptions, expiries);
            System.out.printf("caller wait on EXPIRED, p50                    %d ms%n", pct(w, 50));
            System.out.printf("caller wait on EXPIRED, p99                    %d ms%n", pct(w, 99));
            System.out.printf("caller wait on EXPIRED, max                    %d ms  (%d calls)%n", w.length == 0 ? 0 : w[w.length - 1], w.length);
            System.out.printf("callers blocked during a STALE refresh         %d of %d  (refreshes during it: %d)%n",
                    staleWaited[0], processes * threads, staleRefreshes);
            System.out.printf("invalid_grant answers                          %d%n", h.cc.counters().invalidGrants());
            System.out.printf("secret writes per day, hourly schedule         %.2f  (over %d simulated days)%n", writesPerDay, days);
            System.out.printf("failed callers                                 %d%n", failed);
            System.out.printf("wall time of the expiry rounds                 %.1f s (moto single-threaded)%n", elapsed);
        }
    }

    private static int round(Harness h, List<Harness.Worker> workers, String k, List<Long> waits, int[] waited) {
        long offset = h.offsetMillis();
        workers.forEach(w -> w.send("round " + k + " " + offset));
        int failed = 0;
        for (Harness.Worker w : workers) {
            String r = w.read(Duration.ofSeconds(120));
            Matcher m = RESULT.matcher(r);
            if (!m.find()) {
                throw new IllegalStateException("unexpected worker answer: " + r);
            }
            failed += Integer.parseInt(m.group(2));
            if (waited != null) {
                waited[0] += Integer.parseInt(m.group(3));
            }
            if (!"-".equals(m.group(4))) {
                Arrays.stream(m.group(4).split(",")).map(Long::parseLong).forEach(waits::add);
            }
        }
        return failed;
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static int arg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }
}
