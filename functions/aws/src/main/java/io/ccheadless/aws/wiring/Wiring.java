package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeCampaignEvents;
import io.ccheadless.aws.events.EventBridgeConnectEvents;
import io.ccheadless.aws.obs.AwsTokenTelemetry;
import io.ccheadless.aws.obs.EmfMetrics;
import io.ccheadless.aws.store.DynamoAuthorizationStates;
import io.ccheadless.aws.store.DynamoCallerGrants;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.store.DynamoPermitLedger;
import io.ccheadless.aws.store.DynamoTenantRegistry;
import io.ccheadless.aws.store.SqsSyncQueue;
import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.aws.store.DynamoSyncStateStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.access.CallerGrants;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.RecentCampaigns;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.campaigns.SyncPolicy;
import io.ccheadless.core.connect.CallbackFlow;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.partner.PartnerDiscovery;
import io.ccheadless.core.partner.PartnerSync;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.CachingTokenVault;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.RedemptionProbe;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenTelemetry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The application's object graph, resolved at compile time (Micronaut's annotation processor writes the bean
 * definitions; no reflection, no classpath scanning). The roots — {@link Settings}, {@link AwsClients}, the clock,
 * the log and the lease owner's name — come from {@link FunctionRoots} in a function, or are handed over by the CLI
 * and tests ({@link Container#of}). One singleton of each, per container.
 */
@Factory
final class Wiring {
    static final String CC_API = "cc-api";
    static final String CC_TOKEN = "cc-token";
    static final String OWNER = "owner";
    static final String CC_PARTNER = "cc-partner";
    static final String CC_PARTNER_TOKEN = "cc-partner-token";

    /** The token protocol's lease is derived from the bounds its clients are built with (docs/token-lifecycle.md). */
    @Singleton
    TokenPolicy.CallBounds callBounds(AwsClients clients) {
        return new TokenPolicy.CallBounds(TokenPolicy.DEFAULT_BOUNDS.tokenCall(), clients.callTimeout());
    }

    /** Every request to CC's V3 API, from any function of the stack, takes its permit from the API key's governor. */
    @Singleton
    @Named(CC_API)
    HttpExchange ccApiHttp(@Named(CC_API) RateGovernor governor) {
        return HttpExchange.withDefaults(Duration.ofSeconds(10)).governedBy(governor);
    }

    @Singleton
    @Named(CC_TOKEN)
    HttpExchange ccTokenHttp(TokenPolicy.CallBounds bounds, @Named(CC_TOKEN) RateGovernor governor) {
        return HttpExchange.withDefaults(bounds.tokenCall()).governedBy(governor);
    }

    @Singleton
    DynamoPermitLedger permitLedger(AwsClients clients, Settings settings) {
        return new DynamoPermitLedger(clients.dynamo(), settings.stateTable());
    }

    /** One API key's V3 limits (docs/rate-governor.md): per second and per day, across every process using the key. */
    @Singleton
    @Named(CC_API)
    RateGovernor apiGovernor(DynamoPermitLedger ledger, ClientCredentialsSecret credentials, Settings settings, Clock clock,
                             Sleeper sleeper) {
        return new RateGovernor(ledger, () -> "api#" + credentials.get().clientId(),
                RateLimits.api(settings.ccRequestsPerSecond(), settings.ccDailyRequestBudget()), clock, sleeper);
    }

    /** CC's token endpoint's own limit (1 request a second), for refreshes and code exchanges alike. */
    @Singleton
    @Named(CC_TOKEN)
    RateGovernor tokenGovernor(DynamoPermitLedger ledger, ClientCredentialsSecret credentials, Clock clock, Sleeper sleeper) {
        return new RateGovernor(ledger, () -> "token#" + credentials.get().clientId(), RateLimits.tokenEndpoint(1), clock,
                sleeper);
    }

    @Singleton
    ReseedableRandom random() {
        return new ReseedableRandom();
    }

    @Singleton
    SecretsManagerTokenVault secretsVault(AwsClients clients, Settings settings) {
        return new SecretsManagerTokenVault(clients.secrets(), settings.tokenSecretPrefix(), settings.tokenKmsKeyId());
    }

    @Singleton
    CachingTokenVault vault(SecretsManagerTokenVault vault) {
        return new CachingTokenVault(vault);
    }

    @Singleton
    ClientCredentialsSecret clientCredentials(AwsClients clients, Settings settings) {
        return new ClientCredentialsSecret(clients.secrets(), settings.clientSecretId());
    }

    @Singleton
    OAuthClient oauth(@Named(CC_TOKEN) HttpExchange http, Settings settings, ClientCredentialsSecret credentials) {
        return new OAuthClient(http, settings.ccAuthBase(), credentials);
    }

    @Singleton
    Authorization authorization(AwsClients clients, Settings settings, ClientCredentialsSecret credentials, Clock clock) {
        return new Authorization(new DynamoAuthorizationStates(clients.dynamo(), settings.stateTable()),
                settings.ccAuthBase(), credentials, clock);
    }

    @Singleton
    DynamoPointerStore pointers(AwsClients clients, Settings settings) {
        return new DynamoPointerStore(clients.dynamo(), settings.stateTable());
    }

    @Singleton
    CallerGrants callerGrants(AwsClients clients, Settings settings) {
        return new DynamoCallerGrants(clients.dynamo(), settings.stateTable());
    }

    @Singleton
    TenantAccess tenantAccess(CallerGrants grants) {
        return new TenantAccess(grants);
    }

    @Singleton
    TokenTelemetry telemetry(Log log, Clock clock, AwsClients clients, Settings settings) {
        return new AwsTokenTelemetry(new LoggingTokenTelemetry(log), new EmfMetrics(log::raw, clock), clients.events(),
                settings.eventBusName());
    }

    @Singleton
    TokenService tokens(DynamoPointerStore pointers, CachingTokenVault vault, OAuthClient oauth, TokenTelemetry telemetry,
                        TokenPolicy.CallBounds bounds, Clock clock, Sleeper sleeper, ReseedableRandom random,
                        @Named(OWNER) String owner, AwsClients clients) {
        return new TokenService(pointers, vault, oauth, telemetry, TokenPolicy.of(bounds), clock, sleeper, random,
                owner, RedemptionProbe.NONE, clients.clockCheck());
    }

    @Singleton
    DynamoCampaignStore campaigns(AwsClients clients, Settings settings) {
        return new DynamoCampaignStore(clients.dynamo(), settings.campaignsTable(), Sleeper.REAL);
    }

    @Singleton
    RecentCampaigns recentCampaigns(DynamoCampaignStore campaigns, Clock clock) {
        return new RecentCampaigns(campaigns, clock);
    }

    @Singleton
    CcApi ccApi(@Named(CC_API) HttpExchange http, Settings settings, Clock clock, Sleeper sleeper, ReseedableRandom random) {
        return new CcApi(http, settings.ccApiBase(), settings.ccRequestsPerSecond(), clock, sleeper, random);
    }

    @Singleton
    CampaignSync campaignSync(DynamoCampaignStore campaigns, AwsClients clients, Settings settings, Clock clock,
                              @Named(OWNER) String owner, Log log) {
        return new CampaignSync(campaigns, new DynamoSyncStateStore(clients.dynamo(), settings.stateTable()),
                new EventBridgeCampaignEvents(clients.events(), settings.eventBusName()), clock,
                SyncPolicy.of(settings.lookback(), settings.statsWindow(), settings.statsRefresh())
                        .withLinkReport(settings.ccLinkReport()).withReportMaxAge(settings.statsReportMaxAge()), owner, log);
    }

    @Singleton
    ScheduledSync scheduledSync(TokenService tokens, CcApi api, CampaignSync sync, AwsClients clients, Settings settings) {
        return new ScheduledSync(tokens, api, sync);   // the daily budget is the API governor's
    }

    @Singleton
    ConnectEvents connectEvents(Log log, AwsClients clients, Settings settings) {
        return new EventBridgeConnectEvents(log, clients.events(), settings.eventBusName());
    }

    @Singleton
    CallbackFlow callbackFlow(Authorization authorization, TokenService tokens, OAuthClient oauth, CcApi api,
                              ConnectEvents events, Sleeper sleeper) {
        return new CallbackFlow(authorization, tokens, oauth, api, sleeper, events);
    }

    @Singleton
    KeepAlive keepAlive(TokenService tokens, Clock clock, Settings settings) {
        return new KeepAlive(tokens, clock, settings.keepAliveMaxIdle());
    }

    /** The registry lists every tenant (OAuth and partner) and records partner tenants for discovery. */
    @Singleton
    DynamoTenantRegistry tenantRegistry(AwsClients clients, Settings settings) {
        return new DynamoTenantRegistry(clients.dynamo(), settings.stateTable());
    }

    // ---- partner (master-token) accounts (docs/tenants.md); built only where PARTNER_SECRET_ID is set and used

    @Singleton
    PartnerCredentialsSecret partnerCredentials(AwsClients clients, Settings settings) {
        return new PartnerCredentialsSecret(clients.secrets(), settings.partnerSecretId());
    }

    /** The partner API key's own limits (10/s, 250,000 a day at CC), under its own ledger key. */
    @Singleton
    @Named(CC_PARTNER)
    RateGovernor partnerGovernor(DynamoPermitLedger ledger, PartnerCredentialsSecret credentials, Settings settings,
                                 Clock clock) {
        return new RateGovernor(ledger, () -> "partner#" + credentials.get().keyLabel(),
                RateLimits.api(settings.ccPartnerRequestsPerSecond(), settings.ccPartnerDailyRequestBudget()), clock,
                Sleeper.REAL);
    }

    /** The partner token endpoint: one JWT an hour per container, paced like CC's token endpoint (1 a second). */
    @Singleton
    @Named(CC_PARTNER_TOKEN)
    RateGovernor partnerTokenGovernor(DynamoPermitLedger ledger, PartnerCredentialsSecret credentials, Clock clock) {
        return new RateGovernor(ledger, () -> "partnertoken#" + credentials.get().keyLabel(), RateLimits.tokenEndpoint(1),
                clock, Sleeper.REAL);
    }

    /** The partner client: its listing and pass-through reads paced by the partner key's governor (and a local floor). */
    @Singleton
    PartnerClient partnerClient(@Named(CC_PARTNER) RateGovernor governor, @Named(CC_PARTNER_TOKEN) RateGovernor tokenGovernor,
                                TokenPolicy.CallBounds bounds, PartnerCredentialsSecret credentials, Settings settings,
                                Clock clock, ReseedableRandom random) {
        CcApi api = new CcApi(HttpExchange.withDefaults(Duration.ofSeconds(10)).governedBy(governor), settings.ccApiBase(),
                settings.ccPartnerRequestsPerSecond(), clock, Sleeper.REAL, random);
        return new PartnerClient(HttpExchange.withDefaults(bounds.tokenCall()).governedBy(tokenGovernor),
                settings.partnerTokenUrl(), api, credentials, clock, Sleeper.REAL, random);
    }

    @Singleton
    PartnerSync partnerSync(PartnerClient partner, CampaignSync sync) {
        return new PartnerSync(partner, sync);
    }

    @Singleton
    PartnerDiscovery partnerDiscovery(PartnerClient partner, DynamoTenantRegistry registry, Clock clock) {
        return new PartnerDiscovery(partner, registry, registry, clock);
    }

    /** The sync function's use case: by the tenant's kind, its own chain or the pass-through. */
    @Singleton
    TenantSync tenantSync(ScheduledSync oauth, Settings settings, BeanProvider<PartnerSync> partner) {
        return new TenantSync(oauth::run, settings.hasPartner() ? (t, d) -> partner.get().run(t, d) : null);
    }

    /** The dispatcher's queue; only a function given SYNC_QUEUE_URL has one. */
    @Singleton
    SqsSyncQueue syncQueue(AwsClients clients, Settings settings) {
        if (settings.syncQueueUrl() == null) {
            throw new ConfigurationException("configuration: SYNC_QUEUE_URL is not set (the dispatcher's sync queue)");
        }
        return new SqsSyncQueue(clients.sqs(settings), settings.syncQueueUrl());
    }

    /** The dispatcher's use case. */
    @Singleton
    FanOut fanOut(TenantRegistry registry, SqsSyncQueue queue) {
        return new FanOut(registry, queue);
    }

    /** What must not outlive a SnapStart checkpoint: the caches that can hold a secret, and the random state. */
    @Singleton
    SnapshotHygiene hygiene(CachingTokenVault vault, ClientCredentialsSecret credentials,
                            PartnerCredentialsSecret partnerCredentials, BeanProvider<PartnerClient> partner,
                            ReseedableRandom random) {
        return new SnapshotHygiene(vault, credentials, partnerCredentials, partner, random);
    }
}
