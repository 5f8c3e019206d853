package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoAuthorizationStates;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.store.SqsSyncQueue;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Permits;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.TokenSetCodec;
import io.ccheadless.core.token.TokenService;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The priming steps the functions share, each a harmless read that creates no state and carries no credential:
 * the token pointer of a tenant that does not exist (DynamoDB GetItem, consistent), its token secret (Secrets Manager
 * GetSecretValue: not found), a made-up token set through the vault's JSON codec, a Query of the campaigns index for it, writes that change nothing ({@link #writes()}),
 * the event bus's description, and a HEAD of the
 * CC hosts without any token (TLS and TCP handshake; the answer is ignored), bounded to {@link #CC_HANDSHAKE}.
 */
public final class Warmup {
    /** A valid tenant id that is never authorized: reading it finds nothing. */
    public static final String NO_TENANT = "cch-priming-no-tenant";
    static final Duration CC_HANDSHAKE = Duration.ofSeconds(2);

    private final Container c;

    public Warmup(Container container) {
        this.c = container;
    }

    /**
     * The steps of the path every token caller's first event takes — the pointer, the token secret, the handshake
     * with CC's authorization server — in a map a handler adds its own steps to.
     */
    public Map<String, Priming.Step> tokenPath() {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        steps.put("classes", ourClasses());
        steps.put("state_table", stateTable());
        steps.put("token_vault", tokenVault());
        steps.put("cc_auth", ccAuth());
        steps.put("token_codec", tokenCodec());
        return steps;
    }

    /**
     * Loads (without initializing) every class of ours in the deployment jar, so that the first event does not pay
     * for loading the classes of the paths no harmless call reaches (the token protocol's redemption, the writer).
     * Answers nothing; a jar that cannot be listed (classes from a directory, in tests) loads nothing.
     */
    public Priming.Step ourClasses() {
        return () -> {
            java.security.CodeSource source = Warmup.class.getProtectionDomain().getCodeSource();
            if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
                return;
            }
            ClassLoader loader = Warmup.class.getClassLoader();
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(new java.io.File(source.getLocation().toURI()))) {
                for (var e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.startsWith("io/ccheadless/") && name.endsWith(".class") && !name.contains("module-info")) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        } catch (LinkageError | ClassNotFoundException skipped) {
                            // a class whose optional dependency is absent: it is not on any path of this function
                        }
                    }
                }
            }
        };
    }

    public Priming.Step stateTable() {
        return () -> c.bean(TokenService.class).pointer(NO_TENANT);
    }

    public Priming.Step tokenVault() {
        return () -> c.bean(SecretsManagerTokenVault.class).find(NO_TENANT, "00000000000000000000000000000000");
    }

    /** A token set's JSON both ways, as a vault read decodes it: a made-up set whose "tokens" are the word priming. */
    public Priming.Step tokenCodec() {
        return () -> {
            Instant now = c.bean(Clock.class).instant();
            TokenSet made = new TokenSet(Secret.of("priming"), Secret.of("priming"), now.plusSeconds(3600), "priming", now, now);
            TokenSetCodec.decode(TokenSetCodec.encode(NO_TENANT, 1, made), "priming");
        };
    }

    public Priming.Step campaignsIndex() {
        return () -> {
            Instant now = c.bean(Clock.class).instant();
            c.bean(DynamoCampaignStore.class).sentBetween(NO_TENANT, now.minus(Duration.ofDays(1)), now, 1, null);
        };
    }

    /**
     * The write paths, without writing: a conditional UpdateItem (releasing a lease on the pointer of the tenant that
     * does not exist), which fails its condition and changes nothing, and a PutSecretValue to that tenant's secret,
     * which does not exist.
     */
    public Priming.Step writes() {
        return () -> {
            Instant now = c.bean(Clock.class).instant();
            c.bean(DynamoPointerStore.class).release(NO_TENANT, new Lease("priming", "priming", now));
            String secret = c.bean(SecretsManagerTokenVault.class).secretId(NO_TENANT);
            try {
                c.bean(AwsClients.class).secrets().putSecretValue(b -> b.secretId(secret).secretString("{}"));
            } catch (ResourceNotFoundException expected) {
                // what priming wants: the request and its answer went through the client's whole path
            }
        };
    }

    /** The callback's conditional DeleteItem: consuming an authorization state that was never minted finds nothing. */
    public Priming.Step authorizationStates() {
        return () -> new DynamoAuthorizationStates(c.bean(AwsClients.class).dynamo(), c.bean(Settings.class).stateTable())
                .consume(NO_TENANT, c.bean(Clock.class).instant());
    }

    /** The dispatcher's Scan of the state table, one item's worth (the registry reads it all; priming needs the path). */
    public Priming.Step registryScan() {
        return () -> c.bean(AwsClients.class).dynamo().scan(b -> b.tableName(c.bean(Settings.class).stateTable())
                .limit(1).consistentRead(true));
    }

    /** The dispatcher's SendMessageBatch, with no entries: SQS refuses it and nothing is enqueued. */
    public Priming.Step syncQueue() {
        return () -> c.bean(SqsSyncQueue.class).touch();
    }

    public Priming.Step eventBus() {
        return () -> c.bean(AwsClients.class).events().describeEventBus(b -> b.name(c.bean(Settings.class).eventBusName()));
    }

    public Priming.Step ccApi() {
        return () -> head(c.bean(HttpExchange.class, Wiring.CC_API), c.bean(Settings.class).ccApiBase());
    }

    public Priming.Step ccAuth() {
        return () -> head(c.bean(HttpExchange.class, Wiring.CC_TOKEN), c.bean(Settings.class).ccAuthBase());
    }

    private static void head(HttpExchange http, URI base) {
        http.withTimeout(CC_HANDSHAKE).governedBy(Permits.NONE).send("HEAD", base, Map.of(), null);
    }
}
