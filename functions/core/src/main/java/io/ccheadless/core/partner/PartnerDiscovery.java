package io.ccheadless.core.partner;

import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.PartnerRegistry;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.core.tenants.TenantRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The dispatcher's first step when the stack has partner credentials: the managed accounts CC lists become tenants of
 * kind {@code partner} ({@code partner.<encoded account id>}). The whole listing is read before anything is written,
 * so a failed or garbled listing changes nothing. Only changes are written: a new account, a renamed one, one that
 * left the listing (marked unlisted, never deleted: its campaigns stay and it is no longer synced), one that came back.
 */
public final class PartnerDiscovery {
    private final PartnerClient partner;
    private final TenantRegistry registry;
    private final PartnerRegistry writes;
    private final Clock clock;

    public PartnerDiscovery(PartnerClient partner, TenantRegistry registry, PartnerRegistry writes, Clock clock) {
        this.partner = Objects.requireNonNull(partner, "partner");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param listed   managed accounts CC listed (and registered)
     * @param changes  the listings written (new, renamed, unlisted, listed again)
     * @param added    of those, accounts the registry did not hold
     * @param unlisted of those, accounts no longer listed
     * @param refused  encoded account ids that cannot name a tenant (outside the id alphabet), left out
     * @param tenants  every tenant of the registry as it is once the changes are written (OAuth tenants, then partner
     *                 tenants, each in tenant order, as {@link TenantRegistry#list} answers): what the dispatcher fans
     *                 out to without listing the registry a second time; empty from {@link #decide}
     */
    public record Result(int listed, List<PartnerListing> changes, int added, int unlisted, List<String> refused,
                         List<TenantEntry> tenants) {
        public Result {
            changes = List.copyOf(changes);
            refused = List.copyOf(refused);
            tenants = List.copyOf(tenants);
        }

        public Result(int listed, List<PartnerListing> changes, int added, int unlisted, List<String> refused) {
            this(listed, changes, added, unlisted, refused, List.of());
        }
    }

    /** Reads CC's listing, then the registry (one list), and writes what changed. */
    public Result run(Instant deadline) {
        List<PartnerClient.ManagedAccount> accounts = partner.managedAccounts(deadline);
        List<TenantEntry> all = registry.list();
        List<TenantEntry> known = all.stream().filter(t -> t.kind() == TenantKind.PARTNER).toList();
        Result r = decide(known, accounts, clock.instant());
        r.changes().forEach(writes::put);
        return new Result(r.listed(), r.changes(), r.added(), r.unlisted(), r.refused(), applied(all, r.changes()));
    }

    /** The registry's entries with the listings written: a partner tenant's last sync kept, a new one's none. */
    static List<TenantEntry> applied(List<TenantEntry> all, List<PartnerListing> changes) {
        List<TenantEntry> out = new ArrayList<>(all.stream().filter(t -> t.kind() != TenantKind.PARTNER).toList());
        Map<String, TenantEntry> partners = new java.util.TreeMap<>();
        all.stream().filter(t -> t.kind() == TenantKind.PARTNER).forEach(t -> partners.put(t.tenant(), t));
        for (PartnerListing l : changes) {
            TenantEntry was = partners.get(l.tenant());
            partners.put(l.tenant(), TenantEntry.partner(l, was == null ? null : was.lastSyncAt()));
        }
        out.addAll(partners.values());
        return out;
    }

    /** What to write, from what the registry holds and what CC listed: pure. */
    static Result decide(List<TenantEntry> known, List<PartnerClient.ManagedAccount> accounts, Instant now) {
        Map<String, PartnerListing> before = new HashMap<>();
        known.forEach(t -> before.put(t.partner().encodedAccountId(), t.partner()));
        List<PartnerListing> changes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int added = 0;
        int unlisted = 0;
        for (PartnerClient.ManagedAccount a : accounts) {
            if (!TenantKind.validAccountId(a.encodedAccountId())) {
                refused.add(a.encodedAccountId().length() > 64 ? a.encodedAccountId().substring(0, 64) + "…" : a.encodedAccountId());
                continue;
            }
            listed.add(a.encodedAccountId());
            PartnerListing was = before.get(a.encodedAccountId());
            if (was == null) {
                added++;
            }
            if (was == null || !was.listed()) {
                changes.add(new PartnerListing(a.encodedAccountId(), a.organizationName(), true, now));
            } else if (!was.organizationName().equals(a.organizationName())) {
                changes.add(new PartnerListing(a.encodedAccountId(), a.organizationName(), true, was.since()));
            }
        }
        for (PartnerListing was : before.values()) {
            if (was.listed() && !listed.contains(was.encodedAccountId())) {
                changes.add(new PartnerListing(was.encodedAccountId(), was.organizationName(), false, now));
                unlisted++;
            }
        }
        return new Result(listed.size(), changes, added, unlisted, refused);
    }
}
