package io.ccheadless.core.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The limits one API key's requests to one CC host live under, shared by every process that uses the key
 * (docs/rate-governor.md): consecutive requests at least {@link #spacing()} apart on one timeline
 * ({@code 1 s / perSecond} plus a margin for jitter and clock skew), at most {@code dailyLimit} per UTC day,
 * booked {@code batch} slots at a time and never more than {@code horizon} ahead. A slot missed by more than
 * {@code lateness} is dropped rather than used late, so that late sends cannot bunch up with punctual ones.
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

    /** What the ledger of one key holds: the first free slot, and the requests counted on one UTC day. */
    public record State(Instant nextFree, LocalDate day, long used) {
        /** No booking yet (or the item expired). */
        public static final State NONE = new State(Instant.EPOCH, LocalDate.EPOCH, 0);

        public State {
            Objects.requireNonNull(nextFree, "nextFree");
            Objects.requireNonNull(day, "day");
        }
    }

    /** The outcome of one booking decision. */
    public sealed interface Decision {
    }

    /** Write {@code after} (conditional on the ledger still holding the state decided on): slots from {@code first}. */
    public record Book(State after, Instant first, int count) implements Decision {
    }

    /** The timeline is booked beyond the horizon: ask again at {@code retryAt}. */
    public record Busy(Instant retryAt) implements Decision {
    }

    /** The day's budget is spent. */
    public record Spent(Instant resumesAt) implements Decision {
    }

    /** Books up to {@code wanted} slots on {@code before}'s timeline, none before {@code now}. */
    public Decision decide(State before, int wanted, Instant now) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be >= 1");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long used = before.day().equals(today) ? before.used() : 0;
        if (used >= dailyLimit) {
            return new Spent(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        Instant first = before.nextFree().isAfter(now) ? before.nextFree() : now;
        Instant latest = now.plus(horizon);
        if (first.isAfter(latest)) {
            return new Busy(first.minus(horizon));
        }
        Duration spacing = spacing();
        long fit = Math.max(1, Duration.between(first, latest).toNanos() / spacing.toNanos() + 1);
        int count = (int) Math.min(Math.min(Math.min(wanted, batch), fit), dailyLimit - used);
        return new Book(new State(first.plus(spacing.multipliedBy(count)), today, used + count), first, count);
    }
}
