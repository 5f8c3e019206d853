package io.ccheadless.core.token;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The version id of a tenant's generation N in chain C, derived deterministically so that a retry, a crashed
 * redeemer's successor and the crash-recovery check all name the same Secrets Manager version (used as
 * {@code ClientRequestToken}: 36 characters, inside its 32–64 limit). The chain id is new at every
 * authorization, so a version an earlier chain left behind is never adopted by a later one
 * (docs/token-lifecycle.md, "Chains"). Chains stored before chain ids existed have none ({@code null}).
 */
public final class VersionIds {
    private VersionIds() {
    }

    public static String of(String tenant, String chain, long generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1");
        }
        String name = chain == null ? "cc-headless/" + tenant + "/" + generation
                : "cc-headless/" + tenant + "/" + chain + "/" + generation;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The version id of generation {@code generation} in {@code pointer}'s chain. */
    public static String next(TokenPointer pointer) {
        return of(pointer.tenant(), pointer.chain(), pointer.generation() + 1);
    }
}
