package io.ccheadless.core.token.sim;

import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.PointerStore;
import io.ccheadless.core.token.RedemptionIntent;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenPointer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The pointer store as the simulation's actors see it: the in-memory store's DynamoDB conditions (tryAcquire
 * compares the held lease's end with the caller's cutoff; every other write is fenced), behind seeded latency,
 * throttling, 5xx, resets and timeouts ({@link SimStoreCalls}). Records each invocation's first read for invariant (e).
 */
final class SimPointerStore implements PointerStore {
    final InMemoryPointerStore inner = new InMemoryPointerStore();
    private final SimScheduler sched;
    private final SimStoreCalls calls;
    private final long startMs;
    /** Fences whose intent replaced another lease's unfinished intent (a recovery run). */
    private final Set<String> recoveringFences = new HashSet<>();
    /** When a recovery run first cleared its intent, erasing the record that an earlier redemption may have rotated. */
    long clearedARecoveryIntentAt = Long.MAX_VALUE;
    /** Called as a REAUTH_REQUIRED mark lands, with the generation it condemned (invariant (b) at the moment of marking). */
    LongConsumer onReauthMarked = g -> { };
    /** The lease each actor last acquired or renewed (its own view of how long it may write). */
    final Map<String, Lease> leaseOf = new LinkedHashMap<>();

    SimPointerStore(SimScheduler sched, SimFaults faults, Duration bound) {
        this.sched = sched;
        this.calls = new SimStoreCalls(sched, faults, bound, "ptr.");
        this.startMs = sched.now();
    }

    private static RuntimeException unavailable(String m) {
        return new StoreUnavailableException(m, null);
    }

    @Override
    public Optional<TokenPointer> read(String tenant) {
        SimScheduler.Actor a = sched.current();
        Optional<TokenPointer> p;
        try {
            p = calls.call("read", false, () -> inner.read(tenant), r -> r.map(this::describe).orElse("none"),
                    SimPointerStore::unavailable);
        } catch (StoreUnavailableException e) {
            if (a.call.open && !a.call.pointerRead) {
                a.call.pointerRead = true;
                a.call.pointerReadFailed = true;
            }
            throw e;
        }
        if (a.call.open && !a.call.pointerRead) {
            a.call.pointerRead = true;
            a.call.pointer = p.orElse(null);
            a.call.pointerReadAt = a.localNow();
        }
        return p;
    }

    @Override
    public LeaseAttempt tryAcquire(String tenant, Lease lease, Instant cutoff) {
        SimScheduler.Actor a = sched.current();
        LeaseAttempt attempt = calls.call("tryAcquire(" + lease(lease) + ", cutoff " + at(cutoff) + ")", true,
                () -> inner.tryAcquire(tenant, lease, cutoff),
                r -> r instanceof Acquired acq ? "acquired: " + describe(acq.pointer()) : "held by " + lease(((Held) r).holder()),
                SimPointerStore::unavailable);
        if (attempt instanceof Acquired) {
            leaseOf.put(a.name, lease);
        }
        return attempt;
    }

    @Override
    public Lease renew(String tenant, Lease lease, Instant until) {
        SimScheduler.Actor a = sched.current();
        Lease renewed = calls.call("renew(" + lease(lease) + " to " + at(until) + ")", true, () -> inner.renew(tenant, lease, until),
                r -> "renewed", SimPointerStore::unavailable);
        leaseOf.put(a.name, renewed);
        return renewed;
    }

    @Override
    public void recordIntent(String tenant, Lease lease, RedemptionIntent intent) {
        calls.call("recordIntent(g" + intent.generation() + " by " + fence(lease) + ")", true, () -> {
            TokenPointer before = inner.read(tenant).orElse(null);
            inner.recordIntent(tenant, lease, intent);
            if (before != null && before.intent() != null && !before.intent().fence().equals(intent.fence())) {
                recoveringFences.add(lease.fence());
            }
            return null;
        }, r -> "ok", SimPointerStore::unavailable);
    }

    @Override
    public void clearIntent(String tenant, Lease lease) {
        calls.call("clearIntent(" + fence(lease) + ")", true, () -> {
            inner.clearIntent(tenant, lease);
            if (recoveringFences.contains(lease.fence())) {
                clearedARecoveryIntentAt = Math.min(clearedARecoveryIntentAt, sched.now());
            }
            return null;
        }, r -> "ok", SimPointerStore::unavailable);
    }

    @Override
    public void commit(String tenant, long expectedGeneration, Lease lease, TokenPointer.Next next) {
        calls.call("commit(g" + expectedGeneration + " → g" + next.generation() + ", " + fence(lease) + ", \"" + next.outcome()
                + "\")", true, () -> {
            inner.commit(tenant, expectedGeneration, lease, next);
            return null;
        }, r -> "ok", SimPointerStore::unavailable);
    }

    @Override
    public void release(String tenant, Lease lease) {
        calls.call("release(" + fence(lease) + ")", true, () -> {
            inner.release(tenant, lease);
            return null;
        }, r -> "ok", SimPointerStore::unavailable);
    }

    @Override
    public boolean markReauthRequired(String tenant, long generation, String diagnosis) {
        return calls.call("markReauthRequired(g" + generation + ")", true,
                () -> {
                    boolean marked = inner.markReauthRequired(tenant, generation, diagnosis);
                    if (marked) {
                        onReauthMarked.accept(generation);
                    }
                    return marked;
                }, r -> r ? "marked" : "generation moved",
                SimPointerStore::unavailable);
    }

    String describe(TokenPointer p) {
        return "g" + p.generation() + " " + p.status() + (p.connected() ? " exp " + at(p.accessTokenExpiresAt()) : "")
                + " lease=" + (p.lease() == null ? "none" : lease(p.lease()))
                + " intent=" + (p.intent() == null ? "none" : "g" + p.intent().generation() + "/" + short4(p.intent().fence()));
    }

    String at(Instant t) {
        return String.format("+%.3fs", (t.toEpochMilli() - startMs) / 1000.0);
    }

    String lease(Lease l) {
        return l.owner() + "/" + short4(l.fence()) + " until " + at(l.until());
    }

    static String fence(Lease l) {
        return l.owner() + "/" + short4(l.fence());
    }

    static String short4(String fence) {
        return fence.length() <= 4 ? fence : fence.substring(0, 4);
    }
}
