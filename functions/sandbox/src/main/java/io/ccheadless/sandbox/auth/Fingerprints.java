package io.ccheadless.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of secrets, so stores and records can name a token without holding it. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** Full hex SHA-256: the key under which stores keep a token. */
    public static String sha256(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex digits of SHA-256: safe to log or hand to tests. */
    public static String of(String value) {
        return value == null || value.isEmpty() ? "" : sha256(value).substring(0, 12);
    }
}
