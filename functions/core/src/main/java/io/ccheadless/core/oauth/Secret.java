package io.ccheadless.core.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A credential value (access token, refresh token, client secret). Its {@code toString()} never shows
 * the value; {@link #fingerprint()} gives a short, non-reversible label that logs may carry.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be blank");
        }
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The raw value, for the one place that must send it (an HTTP header, a store write). */
    public String reveal() {
        return value;
    }

    /** First 8 hex digits of SHA-256: enough to tell two tokens apart in a log, useless to an attacker. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
