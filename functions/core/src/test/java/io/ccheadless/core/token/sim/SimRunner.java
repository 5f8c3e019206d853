package io.ccheadless.core.token.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs seeds {@code from .. from+count-1} of the token-protocol simulation and sums what they showed. The CI property
 * ({@link SimPropertyTest}) and the long run ({@code bench/token-sim.sh}) both go through here.
 */
final class SimRunner {
    record Summary(long schedules, List<SimSchedule.Result> failures, Map<String, Long> counts, long wallMs) {
    }

    static Summary run(long from, long count, int workers) {
        long start = System.nanoTime();
        Map<String, Long> counts = new TreeMap<>();
        List<SimSchedule.Result> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers))) {
            List<Future<List<SimSchedule.Result>>> parts = new ArrayList<>();
            int w = Math.max(1, workers);
            for (int i = 0; i < w; i++) {
                int lane = i;
                parts.add(pool.submit(() -> {
                    List<SimSchedule.Result> out = new ArrayList<>();
                    Map<String, Long> mine = new TreeMap<>();
                    for (long s = from + lane; s < from + count; s += w) {
                        SimSchedule.Result r = SimSchedule.run(s);
                        r.counts().forEach((k, v) -> mine.merge(k, v, Long::sum));
                        if (!r.ok()) {
                            out.add(r);
                        }
                    }
                    synchronized (counts) {
                        mine.forEach((k, v) -> counts.merge(k, v, Long::sum));
                    }
                    return out;
                }));
            }
            for (Future<List<SimSchedule.Result>> f : parts) {
                failures.addAll(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("simulation run failed", e);
        }
        failures.sort((a, b) -> Long.compare(a.seed(), b.seed()));
        return new Summary(count, failures, counts, (System.nanoTime() - start) / 1_000_000);
    }

    static String describe(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("schedules run: ").append(s.schedules()).append(" in ").append(s.wallMs()).append(" ms\n");
        long unknown = s.failures().stream().filter(r -> !r.acceptable(false)).count();
        b.append("violating schedules: ").append(s.failures().size()).append(" (").append(unknown)
                .append(" not explained by a known finding)\n");
        Map<String, Long> byInvariant = new TreeMap<>();
        for (SimSchedule.Result r : s.failures()) {
            for (SimSchedule.Violation v : r.violations()) {
                byInvariant.merge("(" + v.invariant() + ")" + (v.known() == null ? "" : " known " + v.known()), 1L, Long::sum);
            }
        }
        byInvariant.forEach((k, v) -> b.append("  violations ").append(k).append(": ").append(v).append('\n'));
        b.append("faults injected:\n");
        s.counts().forEach((k, v) -> {
            if (k.startsWith("store.") || k.startsWith("cc.") || k.startsWith("kill.") || k.startsWith("skew.")) {
                b.append(String.format("  %-40s %d%n", k, v));
            }
        });
        b.append("outcomes:\n");
        s.counts().forEach((k, v) -> {
            if (!(k.startsWith("store.") || k.startsWith("cc.") || k.startsWith("kill.") || k.startsWith("skew."))) {
                b.append(String.format("  %-40s %d%n", k, v));
            }
        });
        Map<String, Integer> shownPer = new TreeMap<>();
        for (SimSchedule.Result r : s.failures()) {
            boolean show = false;
            for (SimSchedule.Violation v : r.violations()) {
                show |= shownPer.merge(v.invariant() + v.known(), 1, Integer::sum) <= 3;
            }
            if (show) {
                b.append("  ").append(r.report()).append('\n');
            }
        }
        List<Long> unexplained = s.failures().stream().filter(r -> !r.acceptable(false)).map(SimSchedule.Result::seed).toList();
        if (!unexplained.isEmpty()) {
            b.append("seeds not explained by a known finding: ")
                    .append(unexplained.subList(0, Math.min(50, unexplained.size()))).append('\n');
        }
        if (!s.failures().isEmpty()) {
            b.append("replay one: ./mvnw -q -B -pl functions/sandbox,functions/core test -Dtest=SimReplayTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.seed=")
                    .append(s.failures().getFirst().seed()).append('\n');
        }
        return b.toString();
    }

    /** {@code SimRunner [schedules=200000] [from=1] [workers=cores]}: the long run of bench/token-sim.sh. */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("replay")) {
            SimSchedule.Result r = SimSchedule.run(Long.parseLong(args[1]));
            System.out.print(r.trace());
            System.out.println(r.ok() ? "seed " + args[1] + ": no violation" : r.report());
            System.exit(r.ok() ? 0 : 1);
        }
        long count = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        long from = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Summary s = run(from, count, workers);
        System.out.print(describe(s));
        boolean strict = Boolean.getBoolean("sim.strict");
        System.exit(s.failures().stream().allMatch(r -> r.acceptable(strict)) ? 0 : 1);
    }
}
