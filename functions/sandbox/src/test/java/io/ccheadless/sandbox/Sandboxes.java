package io.ccheadless.sandbox;

import java.time.Instant;

/** Sandbox configurations the tests share. */
final class Sandboxes {
    static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");

    private Sandboxes() {
    }

    /** Fixed clock at T0, no rate limits (tests that exercise the limits turn them on). */
    static SandboxConfig.Builder quiet() {
        return SandboxConfig.builder().clock(SandboxClock.fixed(T0)).tokenEndpointRateLimit(false).apiRateLimit(false);
    }
}
