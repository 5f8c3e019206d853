package io.ccheadless.core.campaigns;

/** A sync-state write found the lease taken over (ours expired): this run must stop without writing state. */
public final class SyncLeaseLostException extends RuntimeException {
    public SyncLeaseLostException(String message) {
        super(message);
    }
}
