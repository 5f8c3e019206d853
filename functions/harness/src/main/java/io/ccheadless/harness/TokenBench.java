package io.ccheadless.harness;

import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the token protocol's figures (a benchmark, not a test): redemptions per expiry, caller wait on
 * EXPIRED (p50/p99) next to one uncontended redemption measured in the same run and their ratio, callers
 * blocked during a STALE refresh, invalid_grant count, secret writes per day under an hourly schedule, and
 * where the EXPIRED-path wait goes (per phase, from the workers' {@link PhaseTrace}). Figures only: nothing
 * here asserts a time. Needs AWS_ENDPOINT_URL (bench/token-bench.sh starts moto).
 * Args: [processes=4] [threads=16] [expiries=20] [simulatedDays=3] [uncontendedSamples=10]
 *
 * <p>Round 1 of the expiry rounds runs in freshly started worker JVMs (class loading, SDK start-up, JIT); the
 * existing EXPIRED rows count it, as they always did, and the "warm" rows count rounds 2.. only. The uncontended
 * redemption runs at the end in its own fresh one-thread worker, after one warm-up redemption that is not counted.
 */
public final class TokenBench {
    private static final Pattern RESULT = Pattern.compile("ok=(\\d+) failed=(\\d+) waited=(\\d+) gens=\\[[^\\]]*\\] waits_ms=(\\S+)");
    private static final String ROW = "%-47s%s%n";

    private TokenBench() {
    }

    public static void main(String[] args) throws Exception {
        int processes = arg(args, 0, 4);
        int threads = arg(args, 1, 16);
        int expiries = arg(args, 2, 20);
        int days = arg(args, 3, 3);
        int soloSamples = arg(args, 4, 10);
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null) {
            System.err.println("token-bench: set AWS_ENDPOINT_URL to moto (bench/token-bench.sh does)");
            System.exit(2);
        }
        String loadAtStart = loadAverage();
        Path logs = Files.createDirectories(Path.of("target", "token-bench"));
        Files.deleteIfExists(logs.resolve("phases.txt"));
        System.out.printf("token-bench: %d processes x %d threads, %d forced expiries, strict rotation, moto at %s%n%n",
                processes, threads, expiries, endpoint);
        try (Harness h = Harness.start(SandboxConfig.builder().refreshMode(RefreshTokenMode.ROTATING_STRICT).build(), endpoint, 60, logs)) {
            List<Harness.Worker> workers = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                workers.add(h.spawn(threads));
            }
            long refreshesBefore = h.cc.counters().successfulRefreshes();
            List<Long> expiredWaits = new ArrayList<>();
            List<Round> rounds = new ArrayList<>();
            int failed = 0;
            long roundsNs = 0;
            for (int k = 1; k <= expiries; k++) {
                h.advance(Duration.ofHours(25));
                List<Long> waits = new ArrayList<>();
                Cpu before = Cpu.now(workers);
                long r0 = System.nanoTime();
                failed += round(h, workers, "e" + k, waits, null);
                long ns = System.nanoTime() - r0;
                Cpu.Delta cpu = Cpu.now(workers).minus(before);
                roundsNs += ns;
                expiredWaits.addAll(waits);
                rounds.add(new Round(waits, phases(workers, logs, "e" + k), cpu, ns / 1_000_000));
            }
            double elapsed = roundsNs / 1e9;
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

            // Uncontended: one caller in one (fresh) process, the access token expired, the same moto and sandbox;
            // the other workers idle. One warm-up redemption, not counted, then the samples.
            Harness.Worker solo = h.spawn(1);
            long soloBefore = h.cc.counters().successfulRefreshes();
            List<Round> soloRounds = new ArrayList<>();
            for (int k = 0; k <= soloSamples; k++) {
                h.advance(Duration.ofHours(25));
                List<Long> waits = new ArrayList<>();
                Cpu before = Cpu.now(List.of(solo));
                long r0 = System.nanoTime();
                failed += round(h, List.of(solo), "u" + k, waits, null);
                long ns = System.nanoTime() - r0;
                soloRounds.add(new Round(waits, phases(List.of(solo), logs, "u" + k), Cpu.now(List.of(solo)).minus(before), ns / 1_000_000));
            }
            long soloRedemptions = h.cc.counters().successfulRefreshes() - soloBefore;
            Round soloWarmup = soloRounds.getFirst();
            List<Round> soloCounted = soloRounds.subList(1, soloRounds.size());
            long[] solo1 = sorted(soloCounted.stream().filter(r -> !r.waits.isEmpty()).map(r -> r.waits.getFirst()).toList());
            long soloMedian = median(solo1);

            long[] w = sorted(expiredWaits);
            List<Round> warmRounds = rounds.subList(Math.min(1, rounds.size()), rounds.size());
            long[] warm = sorted(warmRounds.stream().flatMap(r -> r.waits.stream()).toList());
            long[] cold = sorted(rounds.isEmpty() ? List.of() : rounds.getFirst().waits);

            System.out.println("figure                                         value");
            System.out.printf("redemptions per expiry                         %.2f  (%d redemptions / %d expiries)%n",
                    redemptions / (double) expiries, redemptions, expiries);
            System.out.printf("caller wait on EXPIRED, p50                    %d ms%n", pct(w, 50));
            System.out.printf("caller wait on EXPIRED, p99                    %d ms%n", pct(w, 99));
            System.out.printf("caller wait on EXPIRED, max                    %d ms  (%d calls)%n", w.length == 0 ? 0 : w[w.length - 1], w.length);
            System.out.printf(ROW, "uncontended redemption, median", String.format("%d ms  (%d samples %d..%d ms, 1 caller, 1 process, each a forced expiry; %d redemptions)",
                    soloMedian, solo1.length, solo1.length == 0 ? 0 : solo1[0], solo1.length == 0 ? 0 : solo1[solo1.length - 1], soloRedemptions));
            System.out.printf(ROW, "uncontended redemption, fresh JVM (not counted)", soloWarmup.waits.isEmpty() ? "failed" : String.format("%d ms  (its warm-up redemption)", soloWarmup.waits.getFirst()));
            System.out.printf(ROW, "EXPIRED p99 / uncontended", String.format("%.1fx  (%d / %d ms; round 1 in fresh worker JVMs counted, as above)",
                    ratio(pct(w, 99), soloMedian), pct(w, 99), soloMedian));
            System.out.printf(ROW, "caller wait on EXPIRED, warm, p50", String.format("%d ms  (rounds 2..%d; round 1 = warm-up, not counted)", pct(warm, 50), expiries));
            System.out.printf(ROW, "caller wait on EXPIRED, warm, p99", String.format("%d ms", pct(warm, 99)));
            System.out.printf(ROW, "caller wait on EXPIRED, warm, max", String.format("%d ms  (%d calls)", warm.length == 0 ? 0 : warm[warm.length - 1], warm.length));
            System.out.printf(ROW, "EXPIRED warm p99 / uncontended", String.format("%.1fx  (%d / %d ms; aim <= 3x)", ratio(pct(warm, 99), soloMedian), pct(warm, 99), soloMedian));
            // JIT keeps compiling for a few rounds after the first: the later half shows the protocol without it.
            int half = rounds.size() / 2;
            long[] late = sorted(rounds.subList(half, rounds.size()).stream().flatMap(r -> r.waits.stream()).toList());
            System.out.printf(ROW, "caller wait on EXPIRED, later half, p50 / p99", String.format("%d / %d ms  (rounds %d..%d; p99 / uncontended %.1fx)",
                    pct(late, 50), pct(late, 99), half + 1, rounds.size(), ratio(pct(late, 99), soloMedian)));
            System.out.printf(ROW, "caller wait on EXPIRED, round 1, p50 / max", String.format("%d / %d ms  (fresh worker JVMs: class loading, SDK start, JIT)",
                    pct(cold, 50), cold.length == 0 ? 0 : cold[cold.length - 1]));
            System.out.printf("callers blocked during a STALE refresh         %d of %d  (refreshes during it: %d)%n",
                    staleWaited[0], processes * threads, staleRefreshes);
            System.out.printf("invalid_grant answers                          %d%n", h.cc.counters().invalidGrants());
            System.out.printf("secret writes per day, hourly schedule         %.2f  (over %d simulated days)%n", writesPerDay, days);
            System.out.printf("failed callers                                 %d%n", failed);
            System.out.printf("wall time of the expiry rounds                 %.1f s (moto single-threaded)%n", elapsed);
            System.out.printf(ROW, "machine load average, start / end", loadAtStart + " / " + loadAverage() + "  ("
                    + Runtime.getRuntime().availableProcessors() + " cores, shared with whatever else runs)");
            long ownFence = rounds.stream().flatMap(r -> r.of("lease").stream()).filter(e -> e.tag.equals("heldOwn")).count();
            System.out.printf(ROW, "lease refused to its own earlier write", ownFence + "  (a retried lease write that had landed: that process waits on itself)");

            printPhases(warmRounds, soloCounted, processes * threads);
        }
    }

    /**
     * Where the EXPIRED-path wait goes, from the workers' traces: the slowest caller of each warm round, split
     * along its critical path, and the calls the protocol makes, contended against uncontended.
     */
    private static void printPhases(List<Round> warm, List<Round> solo, int callers) {
        System.out.println();
        System.out.printf("where the EXPIRED-path wait goes: slowest caller of each warm round (%d rounds), median / max over rounds%n", warm.size());
        System.out.println("phase                                          value");
        List<Path2> paths = warm.stream().map(Round::slowestPath).filter(p -> p != null).toList();
        phaseRow("slowest caller's wait", paths, p -> p.total, "");
        phaseRow("  own first pointer read (burst, queued)", paths, p -> p.ownRead, callers + " consistent reads at once on a single-threaded moto");
        phaseRow("  its process's lease attempt", paths, p -> p.lease, "from the end of that read to the lease answer");
        phaseRow("  until the winner's commit", paths, p -> p.toCommit, "winner's intent, CC, vault write, commit (and any queueing)");
        phaseRow("  until its process noticed the commit", paths, p -> p.toNotice, "poll interval slack: the new generation was visible, nobody looked");
        phaseRow("  rest (token read, release, hand-over)", paths, p -> p.rest, "");
        System.out.printf(ROW, "slowest caller of each warm round, in order", warm.stream()
                .map(r -> Long.toString(r.waits.stream().mapToLong(Long::longValue).max().orElse(0))).collect(java.util.stream.Collectors.joining(" ")) + " ms");
        System.out.printf(ROW, "slowest caller in the winner's process", paths.stream().filter(p -> p.inWinner).count() + " of " + paths.size() + " rounds");
        System.out.printf(ROW, "polls by a losing process per round", stat(warm.stream().flatMap(r -> r.pollsPerLoser().stream()).toList(), "reads while waiting"));
        System.out.printf(ROW, "losing process: commit -> noticed", stat(warm.stream().flatMap(r -> r.noticeLagsMs().stream()).toList(), "ms, every loser of every warm round"));

        if (Cpu.available()) {
            System.out.printf(ROW, "moto CPU per warm round", cpuRow(warm));
            System.out.printf(ROW, "moto CPU per uncontended redemption", cpuRow(solo));
            System.out.printf(ROW, "worker JVMs' CPU per warm round", stat(warm.stream().map(r -> r.cpu.workersMs()).toList(),
                    "ms  (uncontended: " + pct(sorted(solo.stream().map(r -> r.cpu.workersMs()).toList()), 50) + " ms)"));
            System.out.printf(ROW, "machine CPU busy during warm rounds", String.format("p50 %.2f of %d cores  (every process on the machine; uncontended: %.2f)",
                    pctD(warm.stream().map(r -> r.cpu.machineCores()).toList(), 50), Runtime.getRuntime().availableProcessors(),
                    pctD(solo.stream().map(r -> r.cpu.machineCores()).toList(), 50)));
        }

        System.out.println();
        System.out.println("call latency (client side, moto/sandbox)       contended warm rounds p50 / p99  |  uncontended p50");
        Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("read#first", "pointer read, first of each caller (GetItem)");
        names.put("read#poll", "pointer read, while waiting (GetItem)");
        names.put("lease", "lease attempt (conditional UpdateItem)");
        names.put("intent", "intent write (UpdateItem)");
        names.put("cc", "CC token endpoint (sandbox)");
        names.put("vaultWrite", "secret write (PutSecretValue)");
        names.put("commit", "pointer commit (UpdateItem)");
        names.put("release", "lease release (UpdateItem)");
        names.put("vaultRead", "secret read (GetSecretValue)");
        for (Map.Entry<String, String> e : names.entrySet()) {
            long[] c = sorted(warm.stream().flatMap(r -> r.latenciesUs(e.getKey()).stream()).toList());
            long[] s = sorted(solo.stream().flatMap(r -> r.latenciesUs(e.getKey()).stream()).toList());
            System.out.printf(ROW, e.getValue(), c.length == 0 && s.length == 0 ? "-" : String.format("%s / %s ms (%d)  |  %s ms (%d)",
                    ms(pct(c, 50)), ms(pct(c, 99)), c.length, ms(pct(s, 50)), s.length));
        }
    }

    private static void phaseRow(String name, List<Path2> paths, Function<Path2, Long> f, String note) {
        long[] v = sorted(paths.stream().map(f).toList());
        System.out.printf(ROW, name, String.format("%s / %s ms%s", ms(pct(v, 50)), ms(v.length == 0 ? 0 : v[v.length - 1]),
                note.isEmpty() ? "" : "  (" + note + ")"));
    }

    private static String cpuRow(List<Round> rs) {
        long[] cpu = sorted(rs.stream().map(r -> r.cpu.motoMs()).toList());
        long[] wall = sorted(rs.stream().map(Round::wallMs).toList());
        long[] req = sorted(rs.stream().map(Round::motoRequests).toList());
        long c = pct(cpu, 50);
        long n = pct(req, 50);
        return String.format("p50 %d ms of a %d ms round (%.0f%% busy), %d requests: %.1f ms of moto CPU each", c, pct(wall, 50),
                100.0 * c / Math.max(1, pct(wall, 50)), n, c / (double) Math.max(1, n));
    }

    private static double pctD(List<Double> values, int p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v[Math.max(0, Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1))];
    }

    /** CPU time from /proc (Linux): moto's (BENCH_MOTO_PID), the workers', and the whole machine's. */
    private record Cpu(long motoTicks, long workerTicks, long machineBusy, long machineTotal) {
        private static final long TICK_MS = 10;   // USER_HZ = 100 on Linux
        private static final long MOTO_PID = parsePid(System.getenv("BENCH_MOTO_PID"));

        record Delta(long motoTicks, long workerTicks, long machineBusy, long machineTotal) {
            long motoMs() {
                return motoTicks * TICK_MS;
            }

            long workersMs() {
                return workerTicks * TICK_MS;
            }

            /** Cores busy on average (machine busy ticks over total ticks, times the cores). */
            double machineCores() {
                return machineTotal == 0 ? Double.NaN : machineBusy * (double) Runtime.getRuntime().availableProcessors() / machineTotal;
            }
        }

        static boolean available() {
            return MOTO_PID > 0 && Files.isReadable(Path.of("/proc/stat"));
        }

        static Cpu now(List<Harness.Worker> workers) {
            if (!available()) {
                return new Cpu(0, 0, 0, 0);
            }
            long w = workers.stream().mapToLong(x -> ticks(x.pid())).sum();
            long busy = 0;
            long total = 0;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    busy += (i == 4 || i == 5) ? 0 : v;   // idle, iowait
                }
            } catch (Exception e) {
                // figures only
            }
            return new Cpu(ticks(MOTO_PID), w, busy, total);
        }

        Delta minus(Cpu o) {
            return new Delta(motoTicks - o.motoTicks, workerTicks - o.workerTicks, machineBusy - o.machineBusy, machineTotal - o.machineTotal);
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
            } catch (Exception e) {
                return 0;
            }
        }

        private static long parsePid(String s) {
            try {
                return s == null ? 0 : Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (Exception e) {
            return "-";
        }
    }

    private static String stat(List<Long> values, String unit) {
        long[] v = sorted(values);
        return v.length == 0 ? "-" : String.format("p50 %d, max %d %s", pct(v, 50), v[v.length - 1], unit);
    }

    private static String ms(long us) {
        return String.format("%.0f", us / 1000.0);
    }

    // ---- one round's trace ----

    private record Event(int worker, String op, long thread, long start, long end, String tag) {
        long us() {
            return end - start;
        }

        long generation() {
            Matcher m = Pattern.compile("^g(\\d+)").matcher(tag);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    /** The slowest caller's critical path (microseconds). */
    private record Path2(long total, long ownRead, long lease, long toCommit, long toNotice, long rest, boolean inWinner) {
    }

    private record Round(List<Long> waits, List<Event> events, Cpu.Delta cpu, long wallMs) {
        private static final java.util.Set<String> MOTO_OPS = java.util.Set.of("read", "lease", "renew", "intent", "clearIntent",
                "commit", "release", "reauth", "vaultRead", "vaultFind", "vaultWrite");

        /** Requests the workers' token services sent to moto in this round. */
        long motoRequests() {
            return events.stream().filter(e -> MOTO_OPS.contains(e.op)).count();
        }

        List<Event> of(String op) {
            return events.stream().filter(e -> e.op.equals(op)).toList();
        }

        /** The first read of each call, then the reads of each process's lease waiter, as "read#first"/"read#poll". */
        List<Long> latenciesUs(String op) {
            if (!op.startsWith("read#")) {
                return of(op).stream().map(Event::us).toList();
            }
            List<Long> out = new ArrayList<>();
            for (Event e : of("read")) {
                boolean first = isFirstRead(e);
                if (first == op.equals("read#first")) {
                    out.add(e.us());
                }
            }
            return out;
        }

        private boolean isFirstRead(Event read) {
            return of("call").stream().anyMatch(c -> c.worker == read.worker && c.thread == read.thread && c.start <= read.start
                    && of("read").stream().noneMatch(o -> o.worker == read.worker && o.thread == read.thread && o.start >= c.start && o.start < read.start));
        }

        Event winnerCommit() {
            return of("commit").stream().findFirst().orElse(null);
        }

        /** The lease attempt each process made (its single-flight leader), by worker. */
        Map<Integer, Event> leases() {
            Map<Integer, Event> m = new HashMap<>();
            for (Event e : of("lease")) {
                m.putIfAbsent(e.worker, e);
            }
            return m;
        }

        /** Per losing process, the poll that first saw the new generation without an intent (the one that ended its wait). */
        Map<Integer, Event> notices() {
            Event commit = winnerCommit();
            Map<Integer, Event> m = new HashMap<>();
            if (commit == null) {
                return m;
            }
            leases().forEach((w, lease) -> {
                if (lease.tag.equals("acquired")) {
                    return;
                }
                of("read").stream().filter(e -> e.worker == w && e.thread == lease.thread && e.start > lease.end
                                && !e.tag.contains("i") && e.generation() > 0 && e.end >= commit.end)
                        .min(Comparator.comparingLong(Event::start)).ifPresent(e -> m.put(w, e));
            });
            return m;
        }

        List<Long> pollsPerLoser() {
            List<Long> out = new ArrayList<>();
            leases().forEach((w, lease) -> {
                if (!lease.tag.equals("acquired")) {
                    out.add(of("read").stream().filter(e -> e.worker == w && e.thread == lease.thread && e.start > lease.end).count());
                }
            });
            return out;
        }

        List<Long> noticeLagsMs() {
            Event commit = winnerCommit();
            return notices().values().stream().map(n -> Math.max(0, n.end - commit.end) / 1000).toList();
        }

        Path2 slowestPath() {
            Event slow = of("call").stream().max(Comparator.comparingLong(Event::us)).orElse(null);
            Event commit = winnerCommit();
            if (slow == null || commit == null) {
                return null;
            }
            Event ownRead = of("read").stream().filter(e -> e.worker == slow.worker && e.thread == slow.thread && e.start >= slow.start)
                    .min(Comparator.comparingLong(Event::start)).orElse(null);
            Event lease = leases().get(slow.worker);
            if (ownRead == null || lease == null) {
                return null;
            }
            boolean inWinner = lease.tag.equals("acquired");
            long t = slow.start;
            long a = ownRead.end;
            long b = Math.max(a, lease.end);
            long c = Math.max(b, commit.end);
            Event notice = inWinner ? null : notices().get(slow.worker);
            long d = notice == null ? c : Math.max(c, notice.end);
            long e = Math.max(d, slow.end);
            return new Path2(slow.us(), a - t, b - a, c - b, d - c, e - d, inWinner);
        }
    }

    /** The workers' traces of the round just run; also appended, raw, to LOGS/phases.txt. */
    private static List<Event> phases(List<Harness.Worker> workers, Path logs, String round) throws java.io.IOException {
        List<Event> events = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < workers.size(); i++) {
            Harness.Worker w = workers.get(i);
            w.send("phases");
            String line = w.read(Duration.ofSeconds(30));
            if (!line.startsWith("phases ")) {
                throw new IllegalStateException("unexpected worker answer: " + line);
            }
            raw.append(round).append(" worker=").append(i).append(' ').append(line).append('\n');
            int ev = line.indexOf(" ev=");
            String list = line.substring(ev + 4);
            if (list.isEmpty()) {
                continue;
            }
            for (String e : list.split(";")) {
                String[] f = e.split(":", 5);
                events.add(new Event(i, f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
            }
        }
        Files.writeString(logs.resolve("phases.txt"), raw, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return events;
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
            if (!"0".equals(m.group(2))) {
                System.err.println("token-bench: round " + k + ": " + r.replaceAll(" waits_ms=\\S+", ""));
            }
            if (waited != null) {
                waited[0] += Integer.parseInt(m.group(3));
            }
            if (!"-".equals(m.group(4))) {
                Arrays.stream(m.group(4).split(",")).map(Long::parseLong).forEach(waits::add);
            }
        }
        return failed;
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long median(long[] sorted) {
        return pct(sorted, 50);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
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
