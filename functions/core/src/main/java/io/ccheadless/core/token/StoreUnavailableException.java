package io.ccheadless.core.token;

/** A store could not be reached or answered an error other than a lost condition. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
