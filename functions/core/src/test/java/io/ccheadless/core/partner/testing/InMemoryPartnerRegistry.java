package io.ccheadless.core.partner.testing;

import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.PartnerRegistry;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The registry's partner side in memory: what discovery wrote, listed as the Dynamo registry lists it. */
public final class InMemoryPartnerRegistry implements TenantRegistry, PartnerRegistry {
    private final Map<String, PartnerListing> listings = new TreeMap<>();
    private int writes;

    @Override
    public synchronized List<TenantEntry> list() {
        List<TenantEntry> out = new ArrayList<>();
        listings.values().forEach(l -> out.add(TenantEntry.partner(l, null)));
        return out;
    }

    @Override
    public synchronized void put(PartnerListing listing) {
        listings.put(listing.tenant(), listing);
        writes++;
    }

    public synchronized Map<String, PartnerListing> listings() {
        return Map.copyOf(listings);
    }

    public synchronized int writes() {
        return writes;
    }
}
