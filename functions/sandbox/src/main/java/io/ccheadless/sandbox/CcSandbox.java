package io.ccheadless.sandbox;

import io.ccheadless.sandbox.api.ApiGateway;
import io.ccheadless.sandbox.api.V3Api;
import io.ccheadless.sandbox.auth.AuthServer;
import io.ccheadless.sandbox.auth.ClientRegistry;
import io.ccheadless.sandbox.auth.JwtKeys;
import io.ccheadless.sandbox.auth.RandomTokens;
import io.ccheadless.sandbox.auth.RegisteredClient;
import io.ccheadless.sandbox.auth.ResourceOwner;
import io.ccheadless.sandbox.auth.SignedInUser;
import io.ccheadless.sandbox.control.SandboxUsers;
import io.ccheadless.sandbox.data.UserPrivileges;
import io.ccheadless.sandbox.auth.Secret;
import io.ccheadless.sandbox.control.ControlApi;
import io.ccheadless.sandbox.control.SandboxControl;
import io.ccheadless.sandbox.data.SandboxAccounts;
import io.ccheadless.sandbox.data.SeededIds;
import io.ccheadless.sandbox.faults.FaultInjector;
import io.ccheadless.sandbox.http.HttpFront;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Route;
import io.ccheadless.sandbox.metrics.Metrics;
import io.ccheadless.sandbox.partner.PartnerApi;
import io.ccheadless.sandbox.partner.PartnerTokenEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Constant Contact sandbox on 127.0.0.1: the authorization server under {@code /oauth2/default/v1}, the
 * V3 API under {@code /v3}, the partner endpoints, and a control API under {@code /sandbox}. Start one per test
 * (class) with {@link #start(SandboxConfig)} and close it afterwards.
 */
public final class CcSandbox implements AutoCloseable {
    private final SandboxConfig config;
    private final RegisteredClient client;
    private final RegisteredClient partner;
    private final Metrics metrics;
    private final SandboxCounters counters;
    private final AuthServer auth;
    private final SandboxControl control;
    private final SandboxUsers users;
    private final HttpFront front;

    private CcSandbox(SandboxConfig config) throws IOException {
        this.config = config;
        SecureRandom secure = new SecureRandom();
        RandomTokens random = new RandomTokens(secure);
        Random seeded = new Random(config.seed() * 7919 + 17);
        this.client = new RegisteredClient(config.clientId().orElseGet(() -> SeededIds.uuid(seeded)),
                new Secret(config.clientSecret().orElseGet(() -> random.next(32))), config.applicationFlow());
        ClientRegistry clients = new ClientRegistry(config.exactRedirectUris());
        clients.register(client);
        this.partner = new RegisteredClient("partner-" + SeededIds.uuid(seeded).substring(0, 8), new Secret(random.next(32)));
        ClientRegistry partners = new ClientRegistry();
        partners.register(partner);
        this.metrics = new Metrics();
        this.counters = new SandboxCounters(metrics);
        Json json = new Json();
        SandboxAccounts accounts = new SandboxAccounts(config.seed(), config.campaigns(), config.clock().now());
        SignedInUser owner = new SignedInUser(new ResourceOwner(accounts.demo().profile().contactEmail(), accounts.demo().id()));
        UserPrivileges privileges = new UserPrivileges();
        this.users = new SandboxUsers(accounts, owner, privileges, config.clock());
        AtomicReference<URI> base = new AtomicReference<>();
        this.auth = new AuthServer(config, clients, owner, JwtKeys.generate(), random, metrics, json, base::get);
        ApiGateway gateway = new ApiGateway(auth.accessTokens(), accounts, config.clock(), config.apiRateLimit(),
                config.apiPerSecond(), config.apiPerDay(), config.retryAfterOn429(), config.strictness().missingPrivileges(),
                metrics);
        V3Api api = new V3Api(json, config.limitPolicy(), privileges, config.strictness());
        FaultInjector faults = new FaultInjector(config.seed());
        faults.onInjectedError((route, request) -> {
            if (route.name().equals(SandboxRoutes.TOKEN)) {
                auth.tokenEndpoint().recordInjectedFault(request);
            }
        });
        this.control = new SandboxControl(config.clock(), clients, auth, accounts.demo(), faults, config.seed());
        List<Route> routes = new ArrayList<>(auth.routes());
        routes.addAll(api.routes(gateway));
        routes.add(new Route("POST", PartnerTokenEndpoint.PATH, SandboxRoutes.PARTNER_TOKEN, false,
                new PartnerTokenEndpoint(partners, auth.accessTokens(), config.clock(), json)));
        routes.addAll(new ControlApi(control, counters, config.clock(), client.clientId(), json).routes());
        routes.addAll(new PartnerApi(gateway, api, accounts, config.clock(), client.clientId(), json).routes());
        this.front = new HttpFront(config.port(), routes, faults, metrics);
        base.set(front.baseUri());
    }

    public static CcSandbox start(SandboxConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return new CcSandbox(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the CC sandbox on port " + config.port(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the API is under {@code /v3/...}. */
    public URI baseUri() {
        return front.baseUri();
    }

    /** {@code baseUri + /oauth2/default/v1}: {@code /authorize}, {@code /token}, {@code /keys}, {@code /device/authorize}. */
    public URI authBaseUri() {
        return URI.create(baseUri() + AuthServer.BASE_PATH);
    }

    /** The pre-registered confidential client's id (CC: the API key; also the partner {@code x-api-key}). */
    public String clientId() {
        return client.clientId();
    }

    /** The pre-registered client's secret. A sandbox secret, but still never log it. */
    public String clientSecret() {
        return client.secret().value();
    }

    /** The technology partner's client id, for {@code /partners/oauth2/default/v1/token} (client credentials). */
    public String partnerClientId() {
        return partner.clientId();
    }

    /** The technology partner's secret. Partner calls also need {@code x-api-key: }{@link #clientId()}. */
    public String partnerClientSecret() {
        return partner.secret().value();
    }

    public SandboxClock clock() {
        return config.clock();
    }

    public SandboxCounters counters() {
        return counters;
    }

    /**
     * Issues an authorization code as if the demo account's owner had approved the consent screen, skipping the
     * browser. Exchange it at the token endpoint within five minutes (sandbox clock) with the same redirect URI.
     *
     * @param codeChallengeOrNull the PKCE S256 challenge, or null for a request without PKCE
     * @throws IllegalArgumentException for an unknown client, a redirect URI that is not allowed, or unknown scopes
     */
    public String issueAuthorizationCode(String clientId, String redirectUri, Set<String> scopes,
                                         String codeChallengeOrNull) {
        return auth.authorizeEndpoint().issueCode(clientId, redirectUri, new LinkedHashSet<>(scopes), codeChallengeOrNull)
                .value();
    }

    /** Test hooks: clock, consent, refresh rules, device codes, campaigns, faults. Also served under /sandbox. */
    public SandboxControl control() {
        return control;
    }

    /** Test hooks for who approves authorizations (distinct accounts) and which privileges each user holds. */
    public SandboxUsers users() {
        return users;
    }

    @Override
    public void close() {
        front.close();
    }

    @Override
    public String toString() {
        return "CcSandbox[" + baseUri() + ", client " + client.clientId() + "]";
    }
}
