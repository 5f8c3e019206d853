package io.ccheadless.core.campaigns;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.token.TokenService;

import java.time.Instant;
import java.util.Objects;

/** One scheduled run for one tenant: tokens through the one redeemer, requests from the daily budget, then the sync. */
public final class ScheduledSync {
    private final TokenService tokens;
    private final CcApi api;
    private final CampaignSync sync;
    private final RequestBudget budget;

    public ScheduledSync(TokenService tokens, CcApi api, CampaignSync sync) {
        this(tokens, api, sync, RequestBudget.UNLIMITED);
    }

    public ScheduledSync(TokenService tokens, CcApi api, CampaignSync sync, RequestBudget budget) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.api = Objects.requireNonNull(api, "api");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public SyncReport run(String tenant, Instant deadline) {
        try (CcApiClient client = api.client(new io.ccheadless.core.api.TenantAccessTokens(tokens, tenant, deadline), deadline, budget)) {
            return sync.run(tenant, new CcCampaigns(client), deadline);
        }
    }
}
