package io.ccheadless.harness;

import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.PointerStore;
import io.ccheadless.core.token.RedemptionIntent;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenVault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one worker's token service spent its time on (for the bench's per-phase figures): every pointer-store,
 * vault (under the cache, so only real Secrets Manager calls), token-endpoint and sleep call, timed with
 * {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, so comparable across the worker processes of one machine).
 * Timing only: every call and every exception passes through unchanged.
 */
final class PhaseTrace {
    private record Event(String op, long thread, long startNs, long endNs, String tag) {
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private volatile long goNs;

    /** Starts a new round (or single call): forgets the previous one's events. */
    void reset(long goNs) {
        events.clear();
        this.goNs = goNs;
    }

    void record(String op, long startNs, long endNs, String tag) {
        events.add(new Event(op, Thread.currentThread().threadId(), startNs, endNs, tag));
    }

    /** "phases go=US ev=op:thread:startUs:endUs:tag;…" — absolute microseconds of the monotonic clock. */
    String line() {
        StringBuilder b = new StringBuilder("phases go=").append(goNs / 1000).append(" ev=");
        boolean first = true;
        for (Event e : events) {
            b.append(first ? "" : ";").append(e.op).append(':').append(e.thread).append(':').append(e.startNs / 1000)
                    .append(':').append(e.endNs / 1000).append(':').append(e.tag);
            first = false;
        }
        return b.toString();
    }

    private <T> T timed(String op, Supplier<T> call, Function<T, String> tag) {
        long t0 = System.nanoTime();
        try {
            T r = call.get();
            record(op, t0, System.nanoTime(), tag.apply(r));
            return r;
        } catch (RuntimeException e) {
            record(op, t0, System.nanoTime(), e.getClass().getSimpleName());
            throw e;
        }
    }

    private void timed(String op, Runnable call) {
        timed(op, () -> {
            call.run();
            return null;
        }, r -> "ok");
    }

    private static String pointerTag(TokenPointer p) {
        return "g" + p.generation() + (p.intent() != null ? "i" : "") + (p.lease() != null ? "l" : "");
    }

    PointerStore pointers(PointerStore d) {
        return new PointerStore() {
            @Override
            public Optional<TokenPointer> read(String tenant) {
                return timed("read", () -> d.read(tenant), p -> p.map(PhaseTrace::pointerTag).orElse("none"));
            }

            @Override
            public LeaseAttempt tryAcquire(String tenant, Lease lease, Instant cutoff) {
                // "heldOwn": refused, but the holder is this very attempt's fence (an earlier try of the same write landed)
                return timed("lease", () -> d.tryAcquire(tenant, lease, cutoff), a -> a instanceof Acquired ? "acquired"
                        : a instanceof Held h && lease.fence().equals(h.holder().fence()) ? "heldOwn" : "held");
            }

            @Override
            public Lease renew(String tenant, Lease lease, Instant until) {
                return timed("renew", () -> d.renew(tenant, lease, until), l -> "ok");
            }

            @Override
            public void recordIntent(String tenant, Lease lease, RedemptionIntent intent) {
                timed("intent", () -> d.recordIntent(tenant, lease, intent));
            }

            @Override
            public void clearIntent(String tenant, Lease lease) {
                timed("clearIntent", () -> d.clearIntent(tenant, lease));
            }

            @Override
            public void commit(String tenant, long expectedGeneration, Lease lease, TokenPointer.Next next) {
                timed("commit", () -> d.commit(tenant, expectedGeneration, lease, next));
            }

            @Override
            public void release(String tenant, Lease lease) {
                timed("release", () -> d.release(tenant, lease));
            }

            @Override
            public boolean markReauthRequired(String tenant, long generation, String diagnosis) {
                return timed("reauth", () -> d.markReauthRequired(tenant, generation, diagnosis), b -> Boolean.toString(b));
            }
        };
    }

    TokenVault vault(TokenVault d) {
        return new TokenVault() {
            @Override
            public TokenSet read(String tenant, String versionId) {
                return timed("vaultRead", () -> d.read(tenant, versionId), t -> "ok");
            }

            @Override
            public Optional<TokenSet> find(String tenant, String versionId) {
                return timed("vaultFind", () -> d.find(tenant, versionId), o -> o.isPresent() ? "found" : "absent");
            }

            @Override
            public void write(String tenant, String versionId, long generation, TokenSet tokens) {
                timed("vaultWrite", () -> d.write(tenant, versionId, generation, tokens));
            }
        };
    }

    TokenEndpoint endpoint(TokenEndpoint d) {
        return new TokenEndpoint() {
            @Override
            public TokenSet refresh(TokenSet current, Instant now) {
                return timed("cc", () -> d.refresh(current, now), t -> "ok");
            }

            @Override
            public TokenSet exchangeCode(String code, String redirectUri, String codeVerifier, Instant now) {
                return timed("ccCode", () -> d.exchangeCode(code, redirectUri, codeVerifier, now), t -> "ok");
            }
        };
    }

    Sleeper sleeper(Sleeper d) {
        return (Duration wait) -> {
            long t0 = System.nanoTime();
            try {
                d.sleep(wait);
            } finally {
                record("sleep", t0, System.nanoTime(), Long.toString(wait.toMillis()));
            }
        };
    }
}
