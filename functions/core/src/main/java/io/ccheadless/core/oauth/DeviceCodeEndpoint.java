package io.ccheadless.core.oauth;

import java.time.Instant;

/**
 * CC's device flow (RFC 8628, docs/cc-api.md §2.6) as a public client: {@code client_id} only, never the secret.
 * A port, so the polling rules are tested against fakes as well as the sandbox.
 */
public interface DeviceCodeEndpoint {
    /** {@code POST /device/authorize}: a device code for {@code scope} (space-separated). */
    DeviceCode requestDeviceCode(String scope, Instant now);

    /**
     * One poll of the token endpoint with the device-code grant. Answers the first token set (a
     * {@link ClientType#PUBLIC} chain) once the user approved; otherwise throws {@link OAuthException} whose
     * {@link OAuthException#error()} is CC's answer: {@code authorization_pending}, {@code slow_down},
     * {@code expired_token}, {@code access_denied}, or {@link InvalidGrantException} for an unknown or used code.
     */
    TokenSet pollDeviceCode(Secret deviceCode, Instant now);
}
