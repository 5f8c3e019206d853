package io.ccheadless.core.oauth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class SecretTest {
    @Test
    void toStringNeverShowsTheValue() {
        Secret s = Secret.of("super-secret-value");
        assertEquals("Secret[****]", s.toString());
        TokenSet t = new TokenSet(Secret.of("access-xyz"), Secret.of("refresh-xyz"), Instant.EPOCH.plusSeconds(10), "scope",
                Instant.EPOCH, Instant.EPOCH);
        assertFalse(t.toString().contains("access-xyz"));
        assertFalse(t.toString().contains("refresh-xyz"));
    }

    @Test
    void fingerprintsDifferForDifferentValuesAndDoNotContainThem() {
        Secret a = Secret.of("token-a");
        assertNotEquals(a.fingerprint(), Secret.of("token-b").fingerprint());
        assertEquals(8, a.fingerprint().length());
        assertEquals(a, Secret.of("token-a"));
    }
}
