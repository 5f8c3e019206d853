package io.ccheadless.core.tenants;

import java.util.List;

/** Where the dispatcher puts one sync request per tenant (SQS in AWS); the sync function consumes them one at a time. */
public interface SyncQueue {
    /**
     * Enqueues one message per tenant. Either all are enqueued or it throws, naming how many were; a tenant enqueued
     * twice is synced twice, harmlessly (the sync's own lease and watermark).
     */
    void enqueue(List<String> tenants);
}
