package io.ccheadless.core.token;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The version id of a tenant's generation N, derived deterministically so that a retry, a crashed
 * redeemer's successor and the crash-recovery check all name the same Secrets Manager version
 * (used as {@code ClientRequestToken}: 36 characters, inside its 32–64 limit).
 */
public final class VersionIds {
    private VersionIds() {
    }

    public static String of(String tenant, long generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1");
        }
        return UUID.nameUUIDFromBytes(("cc-headless/" + tenant + "/" + generation).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
