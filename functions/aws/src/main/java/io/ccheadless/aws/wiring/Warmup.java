package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Permits;
import io.ccheadless.core.token.TokenService;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The priming steps the functions share, each a harmless read that creates no state and carries no credential:
 * the token pointer of a tenant that does not exist (DynamoDB GetItem, consistent), its token secret (Secrets Manager
 * GetSecretValue: not found), a Query of the campaigns index for it, the event bus's description, and a HEAD of the
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
        steps.put("state_table", stateTable());
        steps.put("token_vault", tokenVault());
        steps.put("cc_auth", ccAuth());
        return steps;
    }

    public Priming.Step stateTable() {
        return () -> c.bean(TokenService.class).pointer(NO_TENANT);
    }

    public Priming.Step tokenVault() {
        return () -> c.bean(SecretsManagerTokenVault.class).find(NO_TENANT, "00000000000000000000000000000000");
    }

    public Priming.Step campaignsIndex() {
        return () -> {
            Instant now = c.bean(Clock.class).instant();
            c.bean(DynamoCampaignStore.class).sentBetween(NO_TENANT, now.minus(Duration.ofDays(1)), now, 1, null);
        };
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
