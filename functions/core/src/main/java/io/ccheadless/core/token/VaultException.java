package io.ccheadless.core.token;

/** The token vault could not give or take a token set. Messages name the tenant and version, never a token. */
public final class VaultException extends RuntimeException {
    private final boolean retryable;

    public VaultException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
