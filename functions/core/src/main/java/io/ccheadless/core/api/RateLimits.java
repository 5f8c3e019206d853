package io.ccheadless.core.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The limits one API key's requests to one CC host live under, shared by every process that uses the key
 * (docs/rate-governor.md): slots on one timeline {@link #spacing()} apart ({@code 1 s / perSecond} plus a margin for
 * jitter and clock skew), at most {@code dailyLimit} per UTC day, booked {@code batch} slots at a time and never more
 * than {@code horizon} ahead. A slot missed by more than {@code lateness} is dropped rather than used late, so that
 * late sends cannot bunch up with punctual ones.
 *
 * <p>A key that has been quiet need not wait for the timeline's pace: a <em>run</em> of slots starting after a gap
 * lets its first {@code early} slots go as soon as the run starts (up to {@code perSecond} of them after a gap of
 * {@code (perSecond - 1) x spacing}), while its later slots keep their places. Any {@code perSecond + 1} consecutive
 * sends are still at least {@code perSecond x spacing - lateness} apart, as on the evenly spaced timeline.
 *
 * <p>{@link #decide} is the whole rule, pure: given the ledger's last state, what one booking writes.
 */
public record RateLimits(int perSecond, Duration margin, long dailyLimit, int batch, Duration horizon,
                         Duration lateness) {
    public static final long NO_DAILY_LIMIT = Long.MAX_VALUE;

    public RateLimits {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be >= 1");
        }
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(lateness, "lateness");
        if (margin.isNegative() || lateness.isNegative()) {
            throw new IllegalArgumentException("margin and lateness must not be negative");
        }
        if (dailyLimit < 1 || batch < 1) {
            throw new IllegalArgumentException("dailyLimit and batch must be >= 1");
        }
        Duration spacing = Duration.ofNanos(1_000_000_000L / perSecond).plus(margin);
        if (horizon.compareTo(spacing.multipliedBy(batch)) < 0) {
            throw new IllegalArgumentException("horizon must hold at least one batch of slots");
        }
        // A late send brings its slot nearer to the perSecond-th next one; they must stay more than a second apart.
        if (spacing.multipliedBy(perSecond).minus(lateness).compareTo(Duration.ofSeconds(1)) <= 0) {
            throw new IllegalArgumentException("lateness must be below perSecond x margin, or late sends could exceed"
                    + " perSecond in one second");
        }
    }

    /**
     * CC's V3 API: {@code perSecond} (4 for a standard key: 350 ms apart), the given daily budget, up to 2 slots per
     * booking. The 100 ms margin lets a send arrive up to 250 ms late (a container's first connection, a busy CPU)
     * without five requests landing in one second at CC.
     */
    public static RateLimits api(int perSecond, long dailyLimit) {
        return new RateLimits(perSecond, Duration.ofMillis(100), dailyLimit, 2, Duration.ofSeconds(2),
                Duration.ofMillis(150));
    }

    /**
     * CC's token endpoint: 1 request a second, no daily limit, one slot per booking. The margin is wide (1.5 s apart at
     * 1/s) because one slow send, e.g. a container's first TLS handshake, must not land within a second of the next.
     */
    public static RateLimits tokenEndpoint(int perSecond) {
        return new RateLimits(perSecond, Duration.ofMillis(500), NO_DAILY_LIMIT, 1, Duration.ofSeconds(10),
                Duration.ofMillis(100));
    }

    public Duration spacing() {
        return Duration.ofNanos(1_000_000_000L / perSecond).plus(margin);
    }

    /**
     * What the ledger of one key holds: the first free slot, the requests counted on one UTC day, and the current run:
     * where it started, and before when its early slots are placed (they may go from the run's start).
     */
    public record State(Instant nextFree, LocalDate day, long used, Instant runStart, Instant earlyUntil) {
        /** No booking yet (or the item expired). */
        public static final State NONE = new State(Instant.EPOCH, LocalDate.EPOCH, 0);

        public State {
            Objects.requireNonNull(nextFree, "nextFree");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(runStart, "runStart");
            Objects.requireNonNull(earlyUntil, "earlyUntil");
        }

        /** A ledger without runs (as written before runs existed): every slot at its place. */
        public State(Instant nextFree, LocalDate day, long used) {
            this(nextFree, day, used, Instant.EPOCH, Instant.EPOCH);
        }
    }

    /** The outcome of one booking decision. */
    public sealed interface Decision {
    }

    /**
     * Write {@code after} (conditional on the ledger still holding the state decided on): {@code count} slots, the
     * first at {@code first}, each {@link #spacing()} after the one before; the first {@code early} of them may be
     * sent from {@code earlyFrom} instead of their places. Each must be sent by its place plus the lateness.
     */
    public record Book(State after, Instant first, int count, int early, Instant earlyFrom) implements Decision {
        public Book {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(earlyFrom, "earlyFrom");
            if (early < 0 || early > count) {
                throw new IllegalArgumentException("early must be between 0 and count");
            }
        }

        /** Slots at their places only. */
        public Book(State after, Instant first, int count) {
            this(after, first, count, 0, first);
        }

        /**
         * The booking as the ledger wrote it, given the state it answered ({@code after}): the slots end where
         * {@code after}'s timeline is free again, and the run tells which of them may go early.
         */
        public static Book written(State after, int count, Duration spacing) {
            Instant first = after.nextFree().minus(spacing.multipliedBy(count));
            int early = 0;
            while (early < count && first.plus(spacing.multipliedBy(early)).isBefore(after.earlyUntil())) {
                early++;
            }
            return new Book(after, first, count, early, early > 0 ? after.runStart() : first);
        }
    }

    /** The timeline is booked beyond the horizon: ask again at {@code retryAt}. */
    public record Busy(Instant retryAt) implements Decision {
    }

    /** The day's budget is spent. */
    public record Spent(Instant resumesAt) implements Decision {
    }

    /** {@link #decide(State, int, Instant, Duration)} without a lead: slots from {@code now}. */
    public Decision decide(State before, int wanted, Instant now) {
        return decide(before, wanted, now, Duration.ZERO);
    }

    /**
     * Books up to {@code wanted} slots on {@code before}'s timeline. A busy timeline (free only after {@code now +
     * lead}: the booking's write must return before its slot) is extended where it is free; an idle one starts a new
     * run at {@code now + lead - lateness} (a slot may still be sent that late), or where the timeline is free if that
     * is later, and the gap before it decides how many of the run's first slots may go at once.
     */
    public Decision decide(State before, int wanted, Instant now, Duration lead) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be >= 1");
        }
        if (lead.isNegative()) {
            throw new IllegalArgumentException("lead must not be negative");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long used = before.day().equals(today) ? before.used() : 0;
        if (used >= dailyLimit) {
            return new Spent(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        Instant latest = now.plus(horizon);
        Duration spacing = spacing();
        boolean busy = busy(before, now, lead);
        Instant first;
        Instant runStart;
        Instant earlyUntil;
        if (busy) {
            first = before.nextFree();
            runStart = before.runStart();
            earlyUntil = before.earlyUntil();
        } else {
            Instant start = lead.compareTo(lateness) > 0 ? now.plus(lead.minus(lateness)) : now;
            first = before.nextFree().isAfter(start) ? before.nextFree() : start;
            runStart = first;
            earlyUntil = earlyUntil(first, runEarly(before, first));
        }
        if (first.isAfter(latest)) {
            return new Busy(first.minus(horizon));
        }
        long fit = Math.max(1, Duration.between(first, latest).toNanos() / spacing.toNanos() + 1);
        int count = (int) Math.min(Math.min(Math.min(wanted, batch), fit), dailyLimit - used);
        State after = new State(first.plus(spacing.multipliedBy(count)), today, used + count, runStart, earlyUntil);
        return Book.written(after, count, spacing);
    }

    /**
     * Whether a booking on {@code before} extends its timeline (free only after {@code now + lead} on today's UTC day)
     * rather than starting a new run: the regime {@link #decide} chose, and the ledger's write must match.
     */
    public static boolean busy(State before, Instant now, Duration lead) {
        return before.day().equals(LocalDate.ofInstant(now, ZoneOffset.UTC)) && before.nextFree().isAfter(now.plus(lead));
    }

    /**
     * How many of the first slots of a run starting at {@code start} may go at once, after a timeline that was free
     * from {@code before.nextFree()}: one, plus one for every spacing of quiet, at most {@code perSecond}. Each of the
     * last sends before the gap was at or before its place, so any {@code perSecond + 1} consecutive sends still span
     * {@code perSecond x spacing} of places (docs/rate-governor.md, "Runs").
     */
    int runEarly(State before, Instant start) {
        long quiet = Duration.between(before.nextFree(), start).toNanos() / spacing().toNanos();
        return (int) Math.min(perSecond, 1 + Math.max(0, quiet));
    }

    /**
     * Where a run of {@code early} early slots starting at {@code start} stops letting slots go early: half a spacing
     * after the last early one's place, so that a place rounded to the millisecond is still told apart.
     */
    Instant earlyUntil(Instant start, int early) {
        return start.plus(spacing().multipliedBy(early)).minus(spacing().dividedBy(2));
    }

    /**
     * The latest the timeline may have been free for the run {@code after} describes to be as early as it says: the
     * condition of the ledger's write that starts it (a timeline booked since then would allow fewer).
     */
    public Instant idleBefore(State after) {
        long early = Duration.between(after.runStart(), after.earlyUntil()).plus(spacing().dividedBy(2)).toNanos()
                / spacing().toNanos();
        return after.runStart().minus(spacing().multipliedBy(Math.max(0, early - 1)));
    }
}
