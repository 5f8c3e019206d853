package io.ccheadless.core.token;

/** A conditional write lost: the lease or the generation moved under us. */
public final class StoreConflictException extends RuntimeException {
    public StoreConflictException(String message) {
        super(message);
    }
}
