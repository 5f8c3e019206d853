package io.ccheadless.core.access;

import java.util.Set;

/**
 * Which tenants each calling principal of the internal API may read: the second fence beside IAM
 * ({@code execute-api:Invoke} lets a principal in at all; a grant lets it read one tenant). Default deny:
 * a principal without a grant reads nothing. Principals are canonical ARNs ({@link Principals#canonical}).
 * The operator manages grants with {@code cch access}; the functions only read them.
 */
public interface CallerGrants {
    /** The tenants {@code principal} may read; empty when it has no grant. */
    Set<String> tenantsOf(String principal);

    /** Lets {@code principal} read {@code tenant}; granting twice is one grant. */
    void grant(String principal, String tenant);

    /** Takes {@code tenant} away from {@code principal}; revoking what was never granted changes nothing. */
    void revoke(String principal, String tenant);
}
