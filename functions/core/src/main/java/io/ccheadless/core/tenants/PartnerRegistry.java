package io.ccheadless.core.tenants;

/** Where discovery records partner tenants (the state table's {@code partner#} items); {@link TenantRegistry} lists them. */
public interface PartnerRegistry {
    /** Records one partner tenant's listing as it now is (new, renamed, unlisted or listed again): one write. */
    void put(PartnerListing listing);
}
