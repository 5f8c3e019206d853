package io.ccheadless.core.tenants;

import io.ccheadless.core.campaigns.SyncReport;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant's sync, by its kind: an OAuth tenant's through its own token chain ({@code ScheduledSync}), a partner
 * tenant's through the pass-through with the partner JWT ({@code PartnerSync}). The same {@code CampaignSync} either way.
 */
public final class TenantSync {
    /** One kind's sync. */
    @FunctionalInterface
    public interface Run {
        SyncReport run(String tenant, Instant deadline);
    }

    private final Run oauth;
    private final Run partner;

    /** @param partner null when the stack has no partner credentials: a partner tenant's sync is then refused */
    public TenantSync(Run oauth, Run partner) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.partner = partner;
    }

    public SyncReport run(String tenant, Instant deadline) {
        if (TenantKind.of(tenant) == TenantKind.OAUTH) {
            return oauth.run(tenant, deadline);
        }
        if (partner == null) {
            throw new NoPartnerCredentialsException("tenant " + tenant + " is a partner tenant, but this stack has no"
                    + " partner credentials (PARTNER_SECRET_ID; template parameter PartnerAccounts)");
        }
        return partner.run(tenant, deadline);
    }

    /** A partner tenant asked of a stack without partner credentials: no retry helps until an operator adds them. */
    public static final class NoPartnerCredentialsException extends RuntimeException {
        public NoPartnerCredentialsException(String message) {
            super(message);
        }
    }
}
