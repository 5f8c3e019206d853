package io.ccheadless.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * Written on the pointer just before a refresh token (or an authorization code) is sent to CC: "fence F is
 * turning generation {@code generation} into {@code generation + 1} of chain {@code chain}". Cleared by the
 * commit, or by its own redeemer when CC clearly did not process the request; found unfinished, it means a
 * redeemer stopped somewhere between this write and its commit.
 *
 * @param chain the chain generation {@code generation + 1} belongs to ({@code null} for a chain without an id)
 */
public record RedemptionIntent(String fence, long generation, Instant startedAt, String chain) {
    public RedemptionIntent {
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(startedAt, "startedAt");
        if (generation < 0) {
            throw new IllegalArgumentException("an intent names the generation it starts from (>= 0)");
        }
    }

    /** The version id generation {@code generation + 1} is (or would be) stored under. */
    public String nextVersionId(String tenant) {
        return VersionIds.of(tenant, chain, generation + 1);
    }
}
