package io.ccheadless.core.token;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Vault failures are told apart by kind, never by text; only a transient one may be retried as it is. */
class VaultExceptionTest {
    @Test
    void onlyATransientFailureIsRetryable() {
        for (VaultException.Kind k : VaultException.Kind.values()) {
            VaultException e = new VaultException("m", k, null);
            assertEquals(k, e.kind());
            assertEquals(k == VaultException.Kind.TRANSIENT, e.retryable(), k.name());
        }
    }

    @Test
    void theBooleanConstructorMapsToTransientOrRefused() {
        assertEquals(VaultException.Kind.TRANSIENT, new VaultException("m", true, null).kind());
        assertEquals(VaultException.Kind.REFUSED, new VaultException("m", false, null).kind());
        assertThrows(NullPointerException.class, () -> new VaultException("m", (VaultException.Kind) null, null));
    }

    @Test
    void tokenUnavailableTypesSayWhetherTheNextRunMaySucceed() {
        assertFalse(TokenUnavailableException.reauthRequired("acme", "d").retryable());
        assertFalse(TokenUnavailableException.notConnected("acme").retryable());
        assertTrue(new TokenUnavailableException("m", null, true, null).retryable());
        assertEquals("re-authorize: cch authorize --tenant acme", TokenUnavailableException.reauthRequired("acme", "d").operatorAction());
    }
}
