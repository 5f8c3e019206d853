package io.ccheadless.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Invariant 10: refresh at least every {@code maxIdle} even when no sync runs, so CC's 180-day idle
 * limit never bites. Goes through {@link TokenService#refreshAfter} — the same lease and protocol.
 */
public final class KeepAlive {
    private final TokenService tokens;
    private final Clock clock;
    private final Duration maxIdle;

    public KeepAlive(TokenService tokens, Clock clock, Duration maxIdle) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxIdle = Objects.requireNonNull(maxIdle, "maxIdle");
        if (maxIdle.isNegative() || maxIdle.isZero() || maxIdle.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("keep-alive idle limit must be between 0 and 90 days (CC's limit is 180)");
        }
    }

    public record Result(ConnectionReport report, boolean refreshed) {
    }

    /** Refreshes if the chain has been idle too long; a REAUTH_REQUIRED tenant is reported, never redeemed. */
    public Result run(String tenant, Instant deadline) {
        ConnectionReport before = tokens.report(tenant);
        if (before.status() != ConnectionStatus.ACTIVE || before.idle(clock.instant()).compareTo(maxIdle) < 0) {
            return new Result(before, false);
        }
        tokens.refreshAfter(tenant, before.generation(), deadline);
        return new Result(tokens.report(tenant), true);
    }
}
