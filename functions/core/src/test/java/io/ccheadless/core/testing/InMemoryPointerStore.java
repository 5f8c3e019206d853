package io.ccheadless.core.testing;

import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.PointerStore;
import io.ccheadless.core.token.RedemptionIntent;
import io.ccheadless.core.token.StoreConflictException;
import io.ccheadless.core.token.TokenPointer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The pointer store's conditions, in memory, for use-case tests. Mirrors DynamoPointerStore's expressions. */
public final class InMemoryPointerStore implements PointerStore {
    private final Map<String, TokenPointer> items = new HashMap<>();
    public int acquisitions;
    public int acquireAttempts;
    public int commits;
    public int renewals;

    @Override
    public synchronized Optional<TokenPointer> read(String tenant) {
        return Optional.ofNullable(items.get(tenant));
    }

    public synchronized void put(TokenPointer p) {
        items.put(p.tenant(), p);
    }

    /** The item deleted, as an operator resetting a tenant would. */
    public synchronized void remove(String tenant) {
        items.remove(tenant);
    }

    @Override
    public synchronized LeaseAttempt tryAcquire(String tenant, Lease lease, Instant cutoff) {
        acquireAttempts++;
        TokenPointer p = items.get(tenant);
        if (p != null && p.lease() != null && p.lease().until().isAfter(cutoff)) {
            return new Held(p.lease());
        }
        TokenPointer next = p == null
                ? new TokenPointer(tenant, 0, null, null, null, ConnectionStatus.ACTIVE, lease, null, null, null)
                : p.withLease(lease);
        items.put(tenant, next);
        acquisitions++;
        return new Acquired(next);
    }

    @Override
    public synchronized Lease renew(String tenant, Lease lease, Instant until) {
        TokenPointer p = holding(tenant, lease, "renew");
        Lease renewed = new Lease(lease.owner(), lease.fence(), until);
        items.put(tenant, p.withLease(renewed));
        renewals++;
        return renewed;
    }

    @Override
    public synchronized void recordIntent(String tenant, Lease lease, RedemptionIntent intent) {
        items.put(tenant, holding(tenant, lease, "recordIntent").withIntent(intent));
    }

    @Override
    public synchronized void clearIntent(String tenant, Lease lease) {
        TokenPointer p = holding(tenant, lease, "clearIntent");
        if (p.intent() == null || !p.intent().fence().equals(lease.fence())) {
            throw new StoreConflictException("clearIntent: not our intent");
        }
        items.put(tenant, p.withIntent(null));
    }

    @Override
    public synchronized void commit(String tenant, long expectedGeneration, Lease lease, TokenPointer.Next next) {
        TokenPointer p = holding(tenant, lease, "commit");
        if (p.generation() != expectedGeneration) {
            throw new StoreConflictException("generation moved");
        }
        items.put(tenant, new TokenPointer(tenant, next.generation(), next.versionId(), next.accessTokenExpiresAt(),
                next.refreshTokenIssuedAt(), ConnectionStatus.ACTIVE, p.lease(), null, next.outcome(), next.chain()));
        commits++;
    }

    @Override
    public synchronized void release(String tenant, Lease lease) {
        TokenPointer p = items.get(tenant);
        if (p != null && p.lease() != null && p.lease().fence().equals(lease.fence())) {
            items.put(tenant, p.withLease(null));
        }
    }

    @Override
    public synchronized boolean markReauthRequired(String tenant, long generation, String diagnosis) {
        TokenPointer p = items.get(tenant);
        if (p == null || p.generation() != generation) {
            return false;
        }
        items.put(tenant, new TokenPointer(tenant, p.generation(), p.versionId(), p.accessTokenExpiresAt(),
                p.refreshTokenIssuedAt(), ConnectionStatus.REAUTH_REQUIRED, p.lease(), p.intent(), diagnosis, p.chain()));
        return true;
    }

    private TokenPointer holding(String tenant, Lease lease, String what) {
        TokenPointer p = items.get(tenant);
        if (p == null || p.lease() == null || !p.lease().fence().equals(lease.fence())) {
            throw new StoreConflictException(what + ": lease not held");
        }
        return p;
    }
}
