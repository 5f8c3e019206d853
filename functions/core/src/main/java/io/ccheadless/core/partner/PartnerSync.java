package io.ccheadless.core.partner;

import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.CcCampaigns;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.tenants.TenantKind;

import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled run for one partner tenant: the same {@link CampaignSync} as an OAuth tenant's, its reads through the
 * pass-through with the shared partner JWT. No token chain, so the token service is never asked.
 */
public final class PartnerSync {
    private final PartnerClient partner;
    private final CampaignSync sync;

    public PartnerSync(PartnerClient partner, CampaignSync sync) {
        this.partner = Objects.requireNonNull(partner, "partner");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /**
     * @param tenant a partner tenant id, {@code partner.<encoded account id>}
     * @throws PartnerClient.PartnerException 403 when CC refuses the pass-through for the account (no longer managed
     *                                        by the partner): not a user's privilege, as it would be for an OAuth tenant
     */
    public SyncReport run(String tenant, Instant deadline) {
        String account = TenantKind.partnerAccount(tenant);
        try (CcApiClient client = partner.client(account, deadline)) {
            return sync.run(tenant, new CcCampaigns(client), deadline);
        } catch (CcApiException e) {
            if (e.forbidden()) {
                throw new PartnerClient.PartnerException("partner tenant " + tenant + ": CC refused the pass-through (403):"
                        + " the account is not, or no longer, managed by the partner; discovery marks it unlisted once it"
                        + " leaves the managed listing", 403, false);
            }
            throw e;
        }
    }
}
