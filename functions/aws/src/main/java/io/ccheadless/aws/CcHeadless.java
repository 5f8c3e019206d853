package io.ccheadless.aws;

import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.aws.wiring.Container;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.connect.CallbackFlow;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.connect.ConnectGuard;
import io.ccheadless.core.connect.TokenImport;
import io.ccheadless.core.device.DeviceAuthorization;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.tenants.TenantSync;
import io.ccheadless.core.token.TokenService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The application as one object, for the CLI and tests: a facade over the beans of a {@link Container} (the object
 * graph Micronaut wires at compile time, io.ccheadless.aws.wiring), so that the CLI runs exactly the use cases and
 * adapters the Lambda handlers are given.
 */
public final class CcHeadless {
    private final Container container;
    private final Settings settings;
    private final AwsClients clients;
    private final TokenService tokens;
    private final OAuthClient oauth;
    private final Clock clock;

    public CcHeadless(Settings settings, AwsClients clients, Clock clock, Log log, String owner) {
        this(Container.of(settings, clients, clock, log, owner));
    }

    public CcHeadless(Container container) {
        this.container = Objects.requireNonNull(container, "container");
        this.settings = container.bean(Settings.class);
        this.clients = container.bean(AwsClients.class);
        this.tokens = container.bean(TokenService.class);
        this.oauth = container.bean(OAuthClient.class);
        this.clock = container.bean(Clock.class);
    }

    /**
     * Completes an authorization: exchanges {@code code} (with the PKCE verifier, if any) under the token
     * lease and stores the result as the tenant's next generation. Answers that generation.
     * <p>
     * For the demo and tests only: it skips the connect-time checks (account, privileges, account change) and records
     * no account. Operators connect through the callback, {@link #deviceAuthorization} or {@link #tokenImport}.
     */
    public long connectWithCode(String tenant, String code, String redirectUri, String codeVerifier, Instant deadline) {
        return tokens.connect(tenant, now -> oauth.exchangeCode(code, redirectUri, codeVerifier, now), deadline);
    }

    /** Operator side of one-time authorization: mint links. */
    public Authorization authorization() {
        return container.bean(Authorization.class);
    }

    /**
     * The device-flow use case (callback-free one-time authorization), waiting between polls on {@code sleeper}
     * ({@link Sleeper#REAL} in the CLI; tests step a clock).
     */
    public DeviceAuthorization deviceAuthorization(Sleeper sleeper) {
        return new DeviceAuthorization(oauth, tokens, container.bean(CcApi.class), clock, sleeper,
                container.bean(ConnectEvents.class));
    }

    /** Connecting a tenant with a token set somebody already generated ({@code cch connect import}). */
    public TokenImport tokenImport(Sleeper sleeper) {
        return new TokenImport(tokens, oauth, new ConnectGuard(container.bean(CcApi.class), tokens),
                container.bean(ConnectEvents.class), clock, sleeper);
    }

    /** Whether the deployment's client credentials hold a secret (a device-flow-only application has none). */
    public boolean clientHasSecret() {
        return container.bean(ClientCredentialsSecret.class).get().hasSecret();
    }

    /** The OAuth callback use case. */
    public CallbackFlow callback() {
        return container.bean(CallbackFlow.class);
    }

    /**
     * The application built from the environment on first use and kept. The Lambda handlers no longer use it (they
     * start their container in their constructor, see {@code FunctionStart}); kept for callers that want it lazily.
     */
    public static Supplier<CcHeadless> lazyFromEnvironment(String component) {
        return new Supplier<>() {
            private CcHeadless built;

            @Override
            public synchronized CcHeadless get() {
                if (built == null) {
                    built = new CcHeadless(Container.fromEnvironment(component, System.getenv()));
                }
                return built;
            }
        };
    }

    /** Keep-alive: refresh a chain idle for {@code maxIdle}, through the same lease and protocol. */
    public KeepAlive keepAlive(Duration maxIdle) {
        return new KeepAlive(tokens, clock, maxIdle);
    }

    /** The internal API's caller grants (cch access). */
    public io.ccheadless.core.access.CallerGrants callerGrants() {
        return container.bean(io.ccheadless.core.access.CallerGrants.class);
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
        return container.bean(ScheduledSync.class);
    }

    /** One tenant's sync by its kind, as the SyncFunction runs it: OAuth through its chain, partner through the pass-through. */
    public TenantSync tenantSync() {
        return container.bean(TenantSync.class);
    }

    public CampaignStore campaigns() {
        return container.bean(DynamoCampaignStore.class);
    }

    /** The tenants the state table holds a pointer for. */
    public TenantRegistry tenants() {
        return container.bean(TenantRegistry.class);
    }

    public String tokenSecretId(String tenant) {
        return container.bean(SecretsManagerTokenVault.class).secretId(tenant);
    }
}
