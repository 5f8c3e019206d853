package io.ccheadless.sandbox.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** Unguessable opaque values (codes, refresh tokens, device codes), URL-safe base64 without padding. */
public final class RandomTokens {
    private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    private final SecureRandom random;

    public RandomTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public String next(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A refresh token like CC's: opaque, 42 characters. */
    public String refreshToken() {
        return next(31);
    }

    /** An authorization code: opaque, 43 characters. */
    public String authorizationCode() {
        return next(32);
    }

    /** A device-flow user code: eight consonants, shown as XXXX-XXXX. */
    public String userCode() {
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                sb.append('-');
            }
            sb.append(USER_CODE_ALPHABET.charAt(random.nextInt(USER_CODE_ALPHABET.length())));
        }
        return sb.toString();
    }
}
