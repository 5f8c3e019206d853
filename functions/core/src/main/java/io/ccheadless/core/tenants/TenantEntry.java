package io.ccheadless.core.tenants;

import io.ccheadless.core.token.ConnectionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One tenant as the registry lists it: no token, no secret.
 *
 * @param status               an OAuth tenant's chain status (ACTIVE for a partner tenant, which has no chain)
 * @param generation           an OAuth tenant's token generation (0 for a partner tenant)
 * @param refreshTokenIssuedAt when the chain's current refresh token was issued (null before the first authorization,
 *                             and for a partner tenant)
 * @param lastSyncAt           when its last sync completed (null if none has)
 * @param partner              a partner tenant's listing (null for an OAuth tenant)
 */
public record TenantEntry(String tenant, TenantKind kind, ConnectionStatus status, long generation,
                          Instant refreshTokenIssuedAt, Instant lastSyncAt, PartnerListing partner) {
    public TenantEntry {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if ((kind == TenantKind.PARTNER) != (partner != null)) {
            throw new IllegalArgumentException("a partner tenant, and only one, has a partner listing");
        }
    }

    /** An OAuth tenant. */
    public TenantEntry(String tenant, ConnectionStatus status, long generation, Instant refreshTokenIssuedAt,
                       Instant lastSyncAt) {
        this(tenant, TenantKind.OAUTH, status, generation, refreshTokenIssuedAt, lastSyncAt, null);
    }

    /** A partner tenant. */
    public static TenantEntry partner(PartnerListing listing, Instant lastSyncAt) {
        return new TenantEntry(listing.tenant(), TenantKind.PARTNER, ConnectionStatus.ACTIVE, 0, null, lastSyncAt, listing);
    }

    /**
     * What the dispatcher syncs: an OAuth tenant that is connected (a token set stored) and not waiting for an
     * operator; a partner tenant that the last discovery listed.
     */
    public boolean syncable() {
        return kind == TenantKind.PARTNER ? partner.listed() : generation > 0 && status == ConnectionStatus.ACTIVE;
    }

    /** The state {@code cch tenants} shows: ACTIVE, REAUTH_REQUIRED or NOT_CONNECTED; LISTED or UNLISTED for a partner. */
    public String state() {
        if (kind == TenantKind.PARTNER) {
            return partner.listed() ? "LISTED" : "UNLISTED";
        }
        return generation > 0 ? status.name() : "NOT_CONNECTED";
    }

    /** Age of the current refresh token, or null before the first authorization (and for a partner tenant). */
    public Duration tokenAge(Instant now) {
        return refreshTokenIssuedAt == null ? null : Duration.between(refreshTokenIssuedAt, now);
    }
}
