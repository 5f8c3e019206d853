package io.ccheadless.core.testing;

import io.ccheadless.core.access.CallerGrants;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Caller grants in a map, with the real store's rules: default deny, grant and revoke idempotent. */
public final class InMemoryCallerGrants implements CallerGrants {
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();

    @Override
    public Set<String> tenantsOf(String principal) {
        return Set.copyOf(grants.getOrDefault(principal, Set.of()));
    }

    @Override
    public synchronized void grant(String principal, String tenant) {
        grants.computeIfAbsent(principal, p -> new HashSet<>()).add(tenant);
    }

    @Override
    public synchronized void revoke(String principal, String tenant) {
        Set<String> s = grants.get(principal);
        if (s != null) {
            s.remove(tenant);
        }
    }
}
