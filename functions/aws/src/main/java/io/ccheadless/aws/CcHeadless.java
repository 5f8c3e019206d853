package io.ccheadless.aws;

import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeCampaignEvents;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.CachingTokenVault;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.RedemptionProbe;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The application wired from {@link Settings}: one object graph per container, shared by the Lambda
 * handlers and the CLI so that both run exactly the same use cases over the same adapters.
 */
public final class CcHeadless {
    private final Settings settings;
    private final AwsClients clients;
    private final TokenService tokens;
    private final ScheduledSync scheduledSync;
    private final CampaignStore campaigns;
    private final SecretsManagerTokenVault vault;
    private final OAuthClient oauth;
    private final io.ccheadless.core.oauth.Authorization authorization;
    private final io.ccheadless.core.connect.CallbackFlow callback;
    private final Clock clock;
    private final CcApi api;

    public CcHeadless(Settings settings, AwsClients clients, Clock clock, Log log, String owner) {
        this.settings = settings;
        this.clients = clients;
        RandomGenerator random = RandomGenerator.getDefault();
        HttpExchange http = HttpExchange.withDefaults(Duration.ofSeconds(10));
        // The token protocol's lease is derived from the bounds its clients are built with (docs/token-lifecycle.md).
        TokenPolicy.CallBounds bounds = new TokenPolicy.CallBounds(TokenPolicy.DEFAULT_BOUNDS.tokenCall(), clients.callTimeout());
        HttpExchange tokenHttp = HttpExchange.withDefaults(bounds.tokenCall());
        this.vault = new SecretsManagerTokenVault(clients.secrets(), settings.tokenSecretPrefix());
        this.clock = clock;
        ClientCredentialsSecret credentials = new ClientCredentialsSecret(clients.secrets(), settings.clientSecretId());
        this.oauth = new OAuthClient(tokenHttp, settings.ccAuthBase(), credentials);
        this.authorization = new io.ccheadless.core.oauth.Authorization(
                new io.ccheadless.aws.store.DynamoAuthorizationStates(clients.dynamo(), settings.stateTable()),
                settings.ccAuthBase(), credentials, clock);
        this.tokens = new TokenService(new DynamoPointerStore(clients.dynamo(), settings.stateTable()),
                new CachingTokenVault(vault), oauth,
                new io.ccheadless.aws.obs.AwsTokenTelemetry(new LoggingTokenTelemetry(log),
                        new io.ccheadless.aws.obs.EmfMetrics(log::raw, clock), clients.events(), settings.eventBusName()),
                TokenPolicy.of(bounds), clock, Sleeper.REAL, random, owner, RedemptionProbe.NONE, clients.clockCheck());
        this.campaigns = new DynamoCampaignStore(clients.dynamo(), settings.campaignsTable(), Sleeper.REAL);
        CampaignSync sync = new CampaignSync(campaigns,
                new io.ccheadless.aws.store.DynamoSyncStateStore(clients.dynamo(), settings.stateTable()),
                new EventBridgeCampaignEvents(clients.events(), settings.eventBusName()), clock,
                io.ccheadless.core.campaigns.SyncPolicy.of(settings.lookback(), settings.statsWindow(), settings.statsRefresh()),
                owner, log);
        this.api = new CcApi(http, settings.ccApiBase(), settings.ccRequestsPerSecond(), clock, Sleeper.REAL, random);
        this.scheduledSync = new ScheduledSync(tokens, api, sync, new io.ccheadless.aws.store.DynamoRequestBudget(
                clients.dynamo(), settings.stateTable(), settings.ccDailyRequestBudget()));
        this.callback = new io.ccheadless.core.connect.CallbackFlow(authorization, tokens, oauth, api, Sleeper.REAL);
    }

    /**
     * Completes an authorization: exchanges {@code code} (with the PKCE verifier, if any) under the token
     * lease and stores the result as the tenant's next generation. Answers that generation.
     */
    public long connectWithCode(String tenant, String code, String redirectUri, String codeVerifier, java.time.Instant deadline) {
        return tokens.connect(tenant, now -> oauth.exchangeCode(code, redirectUri, codeVerifier, now), deadline);
    }

    /** Operator side of one-time authorization: mint links. */
    public io.ccheadless.core.oauth.Authorization authorization() {
        return authorization;
    }

    /**
     * The device-flow use case (callback-free one-time authorization), waiting between polls on {@code sleeper}
     * ({@link Sleeper#REAL} in the CLI; tests step a clock).
     */
    public io.ccheadless.core.device.DeviceAuthorization deviceAuthorization(Sleeper sleeper) {
        return new io.ccheadless.core.device.DeviceAuthorization(oauth, tokens, api, clock, sleeper);
    }

    /** The OAuth callback use case. */
    public io.ccheadless.core.connect.CallbackFlow callback() {
        return callback;
    }

    /**
     * What a Lambda handler's no-argument constructor uses: the application built from the environment on
     * first use (so a configuration error is reported by the invocation, in one line) and kept for the container.
     */
    public static java.util.function.Supplier<CcHeadless> lazyFromEnvironment(String component) {
        return new java.util.function.Supplier<>() {
            private CcHeadless built;

            @Override
            public synchronized CcHeadless get() {
                if (built == null) {
                    Settings s = Settings.fromEnvironment(System.getenv());
                    String owner = component + ":" + System.getenv().getOrDefault("AWS_LAMBDA_LOG_STREAM_NAME", "local");
                    built = new CcHeadless(s, AwsClients.create(s), Clock.systemUTC(),
                            Log.to(System.out, Clock.systemUTC(), "cc-headless"), owner);
                }
                return built;
            }
        };
    }

    /** Keep-alive: refresh a chain idle for {@code maxIdle}, through the same lease and protocol. */
    public io.ccheadless.core.token.KeepAlive keepAlive(java.time.Duration maxIdle) {
        return new io.ccheadless.core.token.KeepAlive(tokens, clock, maxIdle);
    }

    public Settings settings() {
        return settings;
    }

    public AwsClients clients() {
        return clients;
    }

    public TokenService tokens() {
        return tokens;
    }

    public ScheduledSync scheduledSync() {
        return scheduledSync;
    }

    public CampaignStore campaigns() {
        return campaigns;
    }

    public String tokenSecretId(String tenant) {
        return vault.secretId(tenant);
    }
}
