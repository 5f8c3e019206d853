package io.ccheadless.harness.faults;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.RedemptionProbe;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * One tenant connected at generation 1, with everything real: the CC sandbox, moto, and a {@link FaultProxy} in
 * front of each. {@link #service} builds the TokenService the functions run (as HarnessWorker does) over
 * {@link DynamoPointerStore} and {@link SecretsManagerTokenVault} on SDK clients pointed at the AWS proxy, and
 * {@link OAuthClient} pointed at the CC proxy; the rig itself reads and writes moto and the sandbox directly, never
 * through a proxy. Every service shares the sandbox's clock, so advancing it expires tokens and leases for all.
 */
final class FaultRig implements AutoCloseable {
    /**
     * Not the stack's TenantId ("default"): template.yaml creates that tenant's (empty) secret, so its first
     * authorization is a PutSecretValue; this tenant's first authorization creates its secret (CreateSecret),
     * the path the CreateSecret faults are about.
     */
    static final String TENANT = "acme";
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final String PUT = "secretsmanager.PutSecretValue";
    static final String GET_SECRET = "secretsmanager.GetSecretValue";
    static final String CREATE_SECRET = "secretsmanager.CreateSecret";
    static final String GET_ITEM = "DynamoDB_20120810.GetItem";
    static final String UPDATE_ITEM = "DynamoDB_20120810.UpdateItem";
    static final String TOKEN_PATH = "/oauth2/default/v1/token";
    /** The commit's update expression, to fault the pointer write that follows CC's answer and not the others. */
    static final String COMMIT_EXPRESSION = "version_id = :v";
    /** The lease acquisition's update expression. */
    static final String ACQUIRE_EXPRESSION = "lease_owner = :o";

    /**
     * Short call bounds so that faults play out in seconds: 2 s for CC's token endpoint, 2 s for one AWS call (SDK
     * retries included), 1 s of clock skew, 10 s leases. The redemption budget they derive: 3 × 2 + 2 + 1 = 9 s.
     */
    static final TokenPolicy.CallBounds BOUNDS = new TokenPolicy.CallBounds(Duration.ofSeconds(2), Duration.ofSeconds(2));
    static final TokenPolicy POLICY = new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(10),
            Duration.ofMillis(500), BOUNDS, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500));

    final CcSandbox cc;
    final FaultProxy aws;
    final FaultProxy ccFront;
    final Settings direct;
    final Settings proxied;
    final Clock clock;
    final DynamoPointerStore pointers;
    final SecretsManagerTokenVault vault;
    /** Every line the services' telemetry logged, to prove no token ever reached a log. */
    final List<String> logLines = new CopyOnWriteArrayList<>();
    /** Every message of an exception a caller got, for the same proof. */
    final List<String> errorMessages = new CopyOnWriteArrayList<>();
    private final AwsClients directClients;
    private final List<AwsClients> opened = new ArrayList<>();
    private final AtomicInteger owners = new AtomicInteger();

    private FaultRig(CcSandbox cc, FaultProxy aws, FaultProxy ccFront, Settings direct, Settings proxied, AwsClients directClients) {
        this.cc = cc;
        this.aws = aws;
        this.ccFront = ccFront;
        this.direct = direct;
        this.proxied = proxied;
        this.directClients = directClients;
        this.clock = cc.clock().asClock();
        this.pointers = new DynamoPointerStore(directClients.dynamo(), direct.stateTable());
        this.vault = new SecretsManagerTokenVault(directClients.secrets(), direct.tokenSecretPrefix());
    }

    /** A sandbox from {@code config}, fresh resources on moto, both proxies; the tenant is not connected yet. */
    static FaultRig startUnconnected(SandboxConfig config) {
        String motoUrl = Moto.endpoint();
        if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "testing");       // moto accepts any; never real ones here
            System.setProperty("aws.secretAccessKey", "testing");
        }
        CcSandbox cc = CcSandbox.start(config);
        FaultProxy aws = FaultProxy.start(URI.create(motoUrl));
        FaultProxy ccFront = FaultProxy.start(cc.baseUri());
        Map<String, String> env = Moto.environment(cc.authBaseUri().toString(), cc.baseUri().toString());
        env.put("AWS_ENDPOINT_URL", motoUrl);
        Settings direct = Settings.fromEnvironment(env);
        env.put("AWS_ENDPOINT_URL", aws.uri().toString());
        env.put("CC_AUTH_BASE_URL", ccFront.uri() + cc.authBaseUri().getPath());
        Settings proxied = Settings.fromEnvironment(env);
        AwsClients directClients = AwsClients.create(direct);
        LocalProvisioner.provision(directClients, direct, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
        return new FaultRig(cc, aws, ccFront, direct, proxied, directClients);
    }

    /** {@link #startUnconnected}, then the tenant authorized once (directly, no proxy): generation 1. */
    static FaultRig start(SandboxConfig config) {
        FaultRig rig = startUnconnected(config);
        rig.connect(rig.directService("connector"));
        return rig;
    }

    static SandboxConfig.Builder sandbox() {
        return SandboxConfig.builder().campaigns(0);
    }

    /** Authorizes the tenant through {@code tokens} (the callback's path): exchange under the lease, then store. */
    long connect(TokenService tokens) {
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        // the exchange is setup, not under test: a generous bound, so a loaded machine does not fail the setup
        OAuthClient oauth = new OAuthClient(HttpExchange.withDefaults(Duration.ofSeconds(10)), proxiedAuthBase(),
                new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
        return tokens.connect(TENANT, now -> oauth.exchangeCode(code, REDIRECT, null, now), clock.instant().plusSeconds(30));
    }

    private URI proxiedAuthBase() {
        return proxied.ccAuthBase();
    }

    /** A redeemer as the functions build it, over the proxies. Each has its own SDK clients (its own "container"). */
    TokenService service(String name) {
        return service(name, POLICY);
    }

    /** {@link #service(String)} with another policy (its call bounds are the clients' too). */
    TokenService service(String name, TokenPolicy policy) {
        return service(name, policy, true);
    }

    /** A container that has not read the client credentials yet: it reads them on its first call to CC. */
    TokenService coldService(String name) {
        return service(name, POLICY, false);
    }

    private TokenService service(String name, TokenPolicy policy, boolean warm) {
        AwsClients c = AwsClients.create(proxied, policy.bounds().storeCall(), List.of());
        opened.add(c);
        ClientCredentialsSecret credentials = new ClientCredentialsSecret(c.secrets(), proxied.clientSecretId());
        if (warm) {
            credentials.get();   // a warm container: the client credentials are read before any fault is armed
        }
        return build(c, proxied, credentials, name, policy);
    }

    /** A redeemer straight on moto and the sandbox (setup and checks only). */
    TokenService directService(String name) {
        return build(directClients, direct, () -> new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())), name, POLICY);
    }

    private TokenService build(AwsClients c, Settings s, java.util.function.Supplier<ClientCredentials> credentials, String name,
                               TokenPolicy policy) {
        Log log = new Log(logLines::add, clock, "fault-it");
        return new TokenService(new DynamoPointerStore(c.dynamo(), s.stateTable()),
                new SecretsManagerTokenVault(c.secrets(), s.tokenSecretPrefix()),
                new OAuthClient(HttpExchange.withDefaults(policy.bounds().tokenCall()), s.ccAuthBase(), credentials),
                new LoggingTokenTelemetry(log), policy, clock, Sleeper.REAL, RandomGenerator.getDefault(),
                name + "-" + owners.incrementAndGet(), RedemptionProbe.NONE, c.clockCheck());
    }

    void advance(Duration d) {
        cc.clock().advance(d);
    }

    Instant now() {
        return clock.instant();
    }

    TokenPointer pointer() {
        return pointers.read(TENANT).orElseThrow();
    }

    // ---- callers ----

    /** What one call of {@link TokenService#accessToken} ended with. */
    record Outcome(AccessGrant grant, RuntimeException error, Duration took) {
        boolean ok() {
            return grant != null;
        }

        long generation() {
            if (grant == null) {
                throw new AssertionError("the call failed: " + error);
            }
            return grant.generation();
        }

        @Override
        public String toString() {
            return grant != null ? "ok gen=" + grant.generation() + " in " + took.toMillis() + " ms"
                    : "failed in " + took.toMillis() + " ms: " + error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    Outcome call(TokenService tokens, Duration timeLeft) {
        long t0 = System.nanoTime();
        try {
            AccessGrant g = tokens.accessToken(TENANT, clock.instant().plus(timeLeft));
            return new Outcome(g, null, Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            errorMessages.add(String.valueOf(e.getMessage()));
            if (e instanceof TokenUnavailableException t && t.operatorAction() != null) {
                errorMessages.add(t.operatorAction());
            }
            return new Outcome(null, e, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    // ---- what is stored ----

    /**
     * The tenant's stored state, without secrets: the pointer's committed part, and every secret version as a
     * digest of its value, plus which version carries AWSCURRENT.
     */
    record Stored(long generation, String versionId, String status, Instant accessExpiresAt, String chain,
                  Map<String, String> versionDigests, String current) {
    }

    Stored stored() {
        TokenPointer p = pointer();
        Map<String, String> digests = new TreeMap<>();
        String current = null;
        String secretId = vault.secretId(TENANT);
        for (SecretVersionsListEntry v : directClients.secrets().listSecretVersionIds(b -> b.secretId(secretId)).versions()) {
            String value = directClients.secrets().getSecretValue(b -> b.secretId(secretId).versionId(v.versionId())).secretString();
            digests.put(v.versionId(), sha256(value));
            if (v.versionStages().contains("AWSCURRENT")) {
                current = v.versionId();
            }
        }
        return new Stored(p.generation(), p.versionId(), p.status().name(), p.accessTokenExpiresAt(), p.chain(), digests, current);
    }

    /** Every token value stored for the tenant (to check that none leaked), never printed. */
    List<String> storedTokenValues() {
        List<String> values = new ArrayList<>();
        String secretId = vault.secretId(TENANT);
        for (SecretVersionsListEntry v : directClients.secrets().listSecretVersionIds(b -> b.secretId(secretId)).versions()) {
            var t = vault.read(TENANT, v.versionId());
            values.add(t.refreshToken().reveal());
            if (t.hasAccessToken()) {
                values.add(t.accessToken().reveal());
            }
        }
        return values;
    }

    /** Fails if any token value stored for the tenant appears in a log line or a caller's error message. */
    void assertNoTokenLeaked() {
        List<String> texts = new ArrayList<>(logLines);
        texts.addAll(errorMessages);
        for (String token : storedTokenValues()) {
            for (String t : texts) {
                if (t.contains(token)) {
                    throw new AssertionError("a token value appeared in a log line or error message (not shown)");
                }
            }
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line for the run's figures; names and counts only. */
    void report(String test) {
        System.out.println("[faults] " + test + ": aws injected=" + aws.injected() + " cc-proxy injected=" + ccFront.injected()
                + " aws seen=" + aws.seen() + " cc redemptions=" + cc.counters().refreshRedemptions()
                + " successful=" + cc.counters().successfulRefreshes() + " invalid_grant=" + cc.counters().invalidGrants());
    }

    @Override
    public void close() {
        opened.forEach(AwsClients::close);
        directClients.close();
        aws.close();
        ccFront.close();
        cc.close();
    }
}
