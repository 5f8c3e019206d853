package io.ccheadless.sandbox.data;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user privileges each CC user holds ({@code GET /v3/account/user/privileges}). Every user holds
 * {@link #ACCOUNT_OWNER} (the privileges the spec's operations name) unless a test narrows it, as an account owner
 * does when giving a colleague a role without reporting access.
 */
public final class UserPrivileges {
    /** Privilege names in the order CC lists them; the position is the {@code privilege_id}. */
    public static final List<String> ACCOUNT_OWNER = List.of("account:read", "account:update", "campaign:read",
            "campaign:write", "campaign:send", "campaign:delete", "contacts:read", "contacts:write",
            "contacts:lists:read", "contacts:lists:write", "customer-journey:read", "customer-journey:create",
            "customer-journey:update", "ui:campaign:metrics");

    /** One privilege as CC lists it ({@code UserPrivilegesResource} items). */
    public record Privilege(int privilegeId, String privilegeName) {
    }

    private final Map<String, Set<String>> bySubject = new ConcurrentHashMap<>();

    /** The privileges of {@code subject}, in CC's order. */
    public List<Privilege> of(String subject) {
        Set<String> held = bySubject.getOrDefault(Objects.requireNonNull(subject, "subject"), Set.copyOf(ACCOUNT_OWNER));
        return ACCOUNT_OWNER.stream().filter(held::contains)
                .map(p -> new Privilege(100 + ACCOUNT_OWNER.indexOf(p), p)).toList();
    }

    /** Gives {@code subject} exactly {@code privileges} (names from {@link #ACCOUNT_OWNER}). */
    public void set(String subject, Set<String> privileges) {
        Objects.requireNonNull(subject, "subject");
        if (!ACCOUNT_OWNER.containsAll(privileges)) {
            throw new IllegalArgumentException("unknown privileges; known: " + ACCOUNT_OWNER);
        }
        bySubject.put(subject, Set.copyOf(new LinkedHashSet<>(privileges)));
    }
}
