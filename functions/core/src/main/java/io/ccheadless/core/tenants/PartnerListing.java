package io.ccheadless.core.tenants;

import java.time.Instant;
import java.util.Objects;

/**
 * What the registry keeps of a partner tenant: CC's encoded account id, the organization's name as discovery last
 * listed it, whether the last discovery listed it, and since when that is so. An account that leaves the managed
 * listing is kept, marked unlisted (no longer synced, its campaigns kept), and listed again if it comes back.
 */
public record PartnerListing(String encodedAccountId, String organizationName, boolean listed, Instant since) {
    public PartnerListing {
        Objects.requireNonNull(encodedAccountId, "encodedAccountId");
        Objects.requireNonNull(organizationName, "organizationName");
        Objects.requireNonNull(since, "since");
    }

    public String tenant() {
        return TenantKind.partnerTenant(encodedAccountId);
    }
}
