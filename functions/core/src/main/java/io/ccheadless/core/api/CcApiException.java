package io.ccheadless.core.api;

/** A failed call to api.cc.email. Messages carry the path, status and CC's error_key — never a token. */
public final class CcApiException extends RuntimeException {
    private final int status;
    private final boolean retryable;

    public CcApiException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
