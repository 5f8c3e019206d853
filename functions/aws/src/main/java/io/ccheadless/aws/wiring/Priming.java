package io.ccheadless.aws.wiring;

import io.ccheadless.core.obs.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exercises the first invocation's paths before it comes — the SDK clients with a harmless read of the function's own
 * resources, Jackson with the function's event and answer types, the HTTP clients with a handshake toward CC — and
 * then forgets every secret. Runs from SnapStart's {@link #beforeCheckpoint}, or at the end of init when no
 * checkpoint is coming ({@code PRIME_ON_INIT}). A step that fails is logged and skipped: priming never fails a
 * function. Then it collects the heap. {@link #afterRestore} forgets secrets again and re-seeds the random source.
 */
public final class Priming implements Resource {
    /** One step; what it answers is ignored. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final Map<String, Step> steps;
    private final SnapshotHygiene hygiene;
    private final Log log;

    public Priming(Map<String, Step> steps, SnapshotHygiene hygiene, Log log) {
        this.steps = new LinkedHashMap<>(Objects.requireNonNull(steps, "steps"));
        this.hygiene = Objects.requireNonNull(hygiene, "hygiene");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Registers with the CRaC context (SnapStart calls it around the snapshot; without CRaC, nothing calls it). */
    public Priming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    /** Runs every step, then forgets every secret a step (or anything before it) left in a cache. */
    public void prime() {
        long started = System.nanoTime();
        List<Object> outcome = new java.util.ArrayList<>();
        for (Map.Entry<String, Step> s : steps.entrySet()) {
            long t = System.nanoTime();
            String result;
            try {
                s.getValue().run();
                result = "ok";
            } catch (Exception e) {
                result = "failed (" + e.getClass().getSimpleName() + ")";
            }
            outcome.add(s.getKey());
            outcome.add(result + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        hygiene.forgetSecrets();
        // Priming's own garbage (≈ 100 MB of a cold start's allocations) would fill the young generation during the
        // first event, whose collection then costs it 20-40 ms (README, "Cold starts"); collected here, it is part of
        // init, and a SnapStart snapshot holds only what is live.
        long gc = System.nanoTime();
        System.gc();
        outcome.add("gc");
        outcome.add((System.nanoTime() - gc) / 1_000_000 + " ms");
        outcome.add("duration_ms");
        outcome.add((System.nanoTime() - started) / 1_000_000);
        log.info("primed", outcome.toArray());
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        hygiene.forgetSecrets();
        hygiene.reseed();
    }
}
