package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * Written on the pointer just before a refresh token is sent to CC: "fence F is redeeming generation
 * {@code generation} into {@code generation + 1}". Cleared by the commit; found unfinished, it means a
 * redeemer died somewhere between this write and its commit.
 */
public record RedemptionIntent(String fence, long generation, Instant startedAt) {
    public RedemptionIntent {
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(startedAt, "startedAt");
        if (generation < 1) {
            throw new IllegalArgumentException("an intent redeems an existing generation (>= 1)");
        }
    }
}
