package io.ccheadless.core.api;

import io.ccheadless.core.http.Permits;
import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One API key's permits toward one CC host, for every process using the key at once: slots on one shared
 * timeline and the day's budget, both booked in the {@link PermitLedger}: one slot at a time, and up to the limits'
 * batch while a caller keeps sending back to back (docs/rate-governor.md).
 * Within a process, callers take the booked slots in turn and wait for each one's time. It replaces the per-process
 * {@link RateGate} and the daily {@link RequestBudget} for everything that goes through it.
 */
public final class RateGovernor implements Permits {
    /** Longest single wait for a busy timeline, so a caller re-books rather than sleeping on a stale answer. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);
    /** Bounds of the lead: how far ahead of now a booking asks for its first slot. */
    static final Duration FIRST_LEAD = Duration.ofMillis(50);
    static final Duration MAX_LEAD = Duration.ofSeconds(1);

    private final PermitLedger ledger;
    private final Supplier<String> key;
    private final RateLimits limits;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant slot = Instant.EPOCH;
    private int left;
    /** How many of the booked slots, from the next one on, may be sent from {@code earlyFrom} rather than their places. */
    private int early;
    private Instant earlyFrom = Instant.EPOCH;
    private long dropped;
    private Duration lead = FIRST_LEAD;
    private int batch = 1;
    private Instant lastSent = Instant.EPOCH;
    private boolean droppedSinceBooking;
    /** The governor's own time: the clock, but never behind what it has slept (a stopped test clock cannot stall it). */
    private Instant local = Instant.EPOCH;

    /** @param key the ledger key: scope and API key, e.g. {@code api#<client id>}; read at the first request */
    public RateGovernor(PermitLedger ledger, Supplier<String> key, RateLimits limits, Clock clock, Sleeper sleeper) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.key = Objects.requireNonNull(key, "key");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public RateLimits limits() {
        return limits;
    }

    /** Booked slots missed by more than the lateness and left unused (counted in the day's budget all the same). */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            Instant now = now();
            while (left > 0 && now.isAfter(slot.plus(limits.lateness()))) {
                take();   // missed: sending it now could bunch up with the slots after it
                dropped++;
                droppedSinceBooking = true;
            }
            if (left > 0) {
                Instant sendable = early > 0 ? earlyFrom : slot;
                if (sendable.isAfter(now)) {
                    sleep(Duration.between(now, sendable));
                    continue;   // re-check lateness after waking
                }
                take();
                lastSent = now;
                return;
            }
            // Slots are booked one at a time until a caller keeps asking back to back, then up to the limits' batch:
            // a booked slot left unused still counts in the day's budget, and a quiet tenant's sync needs one request.
            boolean busy = !droppedSinceBooking && Duration.between(lastSent, now).compareTo(limits.spacing().multipliedBy(2)) < 0;
            batch = busy ? Math.min(limits.batch(), batch * 2) : 1;
            droppedSinceBooking = false;
            // A slot must still be ahead when the booking's write returns, or its send would be late: book with the
            // lead, the slowest recent booking (it rises at once and decays slowly). On a quiet key the first slots may
            // go at once (RateLimits, runs).
            RateLimits.Decision d = ledger.book(key.get(), batch, limits, now, lead);
            Duration took = Duration.between(now, now());
            Duration decayed = lead.multipliedBy(7).dividedBy(8);
            lead = took.compareTo(decayed) > 0 ? took.plus(took.dividedBy(4)) : decayed;
            lead = lead.compareTo(MAX_LEAD) > 0 ? MAX_LEAD : lead.compareTo(FIRST_LEAD) < 0 ? FIRST_LEAD : lead;
            switch (d) {
                case RateLimits.Book b -> {
                    slot = b.first();
                    left = b.count();
                    early = b.early();
                    earlyFrom = b.earlyFrom();
                }
                case RateLimits.Busy b -> {
                    Duration wait = Duration.between(now, b.retryAt());
                    sleep(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.isNegative() ? Duration.ZERO : wait);
                }
                case RateLimits.Spent s -> throw new BudgetExhaustedException(
                        "the daily request budget toward Constant Contact is spent", now);
            }
        }
    }

    /** How far ahead of now the next booking asks for its first slot. */
    synchronized Duration lead() {
        return lead;
    }

    private Instant now() {
        Instant c = clock.instant();
        if (c.isAfter(local)) {
            local = c;
        }
        return local;
    }

    private void sleep(Duration d) throws InterruptedException {
        Instant before = now();
        sleeper.sleep(d);
        Instant slept = before.plus(d);
        if (slept.isAfter(now())) {
            local = slept;   // the clock did not move as far as we slept: trust the sleep
        }
    }

    private void take() {
        slot = slot.plus(limits.spacing());
        left--;
        early = Math.max(0, early - 1);
    }
}
