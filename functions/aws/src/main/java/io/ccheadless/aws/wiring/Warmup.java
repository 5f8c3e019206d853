package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.events.EventBridgeConnectEvents;
import io.ccheadless.aws.store.DynamoAuthorizationStates;
import io.ccheadless.aws.store.DynamoCampaignStore;
import io.ccheadless.aws.store.DynamoPointerStore;
import io.ccheadless.aws.store.SqsSyncQueue;
import io.ccheadless.aws.vault.SecretsManagerTokenVault;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcTransport;
import io.ccheadless.core.api.PermitLedger;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.campaigns.CampaignContent;
import io.ccheadless.core.campaigns.CampaignReport;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.CampaignSync;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.StoredCampaign;
import io.ccheadless.core.campaigns.SyncRehearsal;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.connect.ConnectGuard;
import io.ccheadless.core.connect.ConnectPath;
import io.ccheadless.core.connect.ConnectedAccount;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Permits;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.TokenSetCodec;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.VersionIds;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The steps of the path every token caller's first event takes — the pointer, the token secret (not found), a
     * secret read and decoded (the client credentials, forgotten afterwards), the handshake with CC's authorization
     * server — in a map a handler adds its own steps to.
     */
    public Map<String, Priming.Step> tokenPath() {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        steps.put("classes", ourClasses());
        steps.put("state_table", stateTable());
        steps.put("token_vault", tokenVault());
        steps.put("client_credentials", clientCredentials());
        steps.put("cc_auth", ccAuth());
        steps.put("token_codec", tokenCodec());
        return steps;
    }

    /** The sync function's steps: the token path, then what a sync's first event does (SyncHandler adds its JSON). */
    public Map<String, Priming.Step> sync() {
        Map<String, Priming.Step> steps = tokenPath();
        steps.put("campaigns_index", campaignsIndex());
        steps.put("event_bus", eventBus());
        steps.put("event_refused", eventRefused());
        steps.put("writes", writes());
        steps.put("answers", answers());
        steps.put("cc_api", ccApi());
        steps.put("sync_pass", syncPass());
        steps.put("campaigns_write", campaignsWrite());
        steps.put("governor", governor());
        return steps;
    }

    /** The callback's steps: the token path, then a code exchange's writes and announcement (CallbackHandler adds its JSON). */
    public Map<String, Priming.Step> callback() {
        Map<String, Priming.Step> steps = tokenPath();
        steps.put("cc_api", ccApi());
        steps.put("writes", writes());
        steps.put("answers", answers());
        steps.put("event_bus", eventBus());
        steps.put("event_refused", eventRefused());
        steps.put("authorization_states", authorizationStates());
        steps.put("account_check", accountCheck());
        steps.put("governor", governor());
        return steps;
    }

    /**
     * The dispatcher's steps: our classes, the registry's Scan, the queue, and, with partner accounts, the partner
     * discovery that runs first on every event (DispatchHandler adds its JSON).
     */
    public Map<String, Priming.Step> dispatch() {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        steps.put("classes", ourClasses());
        steps.put("registry_scan", registryScan());
        steps.put("sync_queue", syncQueue());
        if (c.bean(Settings.class).hasPartner()) {
            steps.putAll(partnerPath());
        }
        return steps;
    }

    /**
     * The campaigns API's steps: the caller's grant read (a GetItem of the state table), the index it reads, and a
     * stored campaign's item read back (CampaignsApiHandler adds its JSON).
     */
    public Map<String, Priming.Step> campaignsApi() {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        steps.put("caller_grants", callerGrants());
        steps.put("campaigns_index", campaignsIndex());
        steps.put("campaign_item", () -> DynamoCampaignStore.rehearseCodec(
                List.of(new StoredCampaign(madeUpCampaign(c.bean(Clock.class).instant()), null, List.of(), null))));
        return steps;
    }

    /** An IAM role that holds no grant (account 000000000000 is no one's): its grants are read and found empty. */
    public static final String NO_CALLER = "arn:aws:iam::000000000000:role/cch-priming-no-caller";

    /**
     * A caller's grants checked as a request's are ({@link TenantAccess}: the principal made canonical, its grants
     * read with a consistent GetItem of the state table), for a role that holds none: refused, nothing changed.
     */
    public Priming.Step callerGrants() {
        return () -> c.bean(TenantAccess.class).check(NO_CALLER, NO_TENANT);
    }

    /**
     * A made-up campaign of the tenant that does not exist, with every part a stored campaign can have (stats, CC's
     * report as read, content with a link), so that the shape's writer and reader take all their branches.
     */
    public static SentCampaign madeUpCampaign(Instant now) {
        CampaignStats stats = new CampaignStats(100, 40, 10, 1, 1, 0, 2, 58);
        CampaignReport.Devices devices = new CampaignReport.Devices(20, 15, 4, 1);
        CampaignReport report = new CampaignReport(60, 12, devices, devices, now,
                Map.of("open", 40.0, "click", 25.0, "bounce", 2.0, "unsubscribe", 1.0)).readAt(now, stats);
        CampaignContent content = new CampaignContent("priming", "priming", "priming", "priming",
                List.of(new CampaignContent.Link("https://example.com/priming", 3)));
        return new SentCampaign(NO_TENANT, DynamoCampaignStore.NO_CAMPAIGN, "priming", "DONE", "NEWSLETTER", now, stats,
                now, report, content);
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
     * which does not exist, with a ClientRequestToken as a redemption's write carries one.
     */
    public Priming.Step writes() {
        return () -> {
            Instant now = c.bean(Clock.class).instant();
            c.bean(DynamoPointerStore.class).release(NO_TENANT, new Lease("priming", "priming", now));
            String secret = c.bean(SecretsManagerTokenVault.class).secretId(NO_TENANT);
            try {
                // with a ClientRequestToken derived as a redemption derives its version id (VersionIds: MD5 name UUID)
                c.bean(AwsClients.class).secrets().putSecretValue(b -> b.secretId(secret).secretString("{}")
                        .clientRequestToken(VersionIds.of(NO_TENANT, "priming", 1)));
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

    /**
     * The dispatcher's Scan of the state table through the paginator the registry reads it with, one item's worth
     * (the registry reads it all; priming needs the path).
     */
    public Priming.Step registryScan() {
        return () -> c.bean(AwsClients.class).dynamo().scanPaginator(b -> b.tableName(c.bean(Settings.class).stateTable())
                .limit(1).consistentRead(true).filterExpression("begins_with(pk, :t)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("tenant#")))).iterator().next();
    }

    /**
     * The client credentials secret read and decoded, as a code exchange or a refresh reads it first (GetSecretValue
     * answered); the cached credentials are forgotten with every other secret when priming ends (SnapshotHygiene).
     */
    public Priming.Step clientCredentials() {
        return () -> c.bean(ClientCredentialsSecret.class).get();
    }

    /**
     * The answered side of the writes: a DeleteItem without condition of the pointer of the tenant that does not
     * exist (nothing to delete: answered, nothing changed), and the answer types of the writes priming cannot make
     * without changing state (an UpdateItem, a PutSecretValue, a PutEvents that succeed), built empty so that the
     * first real answer finds their SDK field tables initialized.
     */
    public Priming.Step answers() {
        return () -> {
            c.bean(AwsClients.class).dynamo().deleteItem(b -> b.tableName(c.bean(Settings.class).stateTable())
                    .key(Map.of("pk", AttributeValue.fromS("tenant#" + NO_TENANT))));
            UpdateItemResponse.builder().attributes(Map.of("pk", AttributeValue.fromS("priming")))
                    .consumedCapacity(b -> b.tableName("priming").capacityUnits(1.0)).build();
            PutSecretValueResponse.builder().name("priming").versionStages("AWSCURRENT").build();
            PutEventsResponse.builder().failedEntryCount(0).entries(PutEventsResultEntry.builder().eventId("priming").build())
                    .build();
        };
    }

    /** The dispatcher's SendMessageBatch, with no entries: SQS refuses it and nothing is enqueued. */
    public Priming.Step syncQueue() {
        return () -> c.bean(SqsSyncQueue.class).touch();
    }

    /**
     * The partner discovery's first steps: the partner credentials secret read (the cached credentials are forgotten
     * with every other secret when priming ends, SnapshotHygiene) and a HEAD of the partner token host without any
     * credential (TCP and TLS handshake; the answer is ignored).
     */
    public Map<String, Priming.Step> partnerPath() {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        steps.put("partner_credentials", () -> c.bean(PartnerCredentialsSecret.class).get());
        steps.put("cc_partner_auth", () -> head(HttpExchange.withDefaults(CC_HANDSHAKE),
                c.bean(Settings.class).partnerTokenUrl()));
        return steps;
    }

    /**
     * A sync's own code on a made-up account ({@link SyncRehearsal}: two passes of the real sync over CC's client,
     * parsers, classifier and writer, CC answered from memory, its stores in memory: nothing sent, stored or
     * announced), and the campaigns it stored through the campaign store's item codec both ways.
     */
    public Priming.Step syncPass() {
        return () -> {
            DynamoCampaignStore.rehearseCodec(SyncRehearsal.rehearse(rehearsalApi(), c.bean(CampaignSync.class).policy(),
                    NO_TENANT, c.bean(Clock.class)));
        };
    }

    /**
     * CC's API client for priming's rehearsals, over the function's HTTP client but with a gate of its own that never
     * waits: a rehearsal answers from memory, so nothing is sent and no real send is paced by it.
     */
    private CcApi rehearsalApi() {
        return new CcApi(c.bean(HttpExchange.class, Wiring.CC_API), c.bean(Settings.class).ccApiBase(), 1000,
                c.bean(Clock.class), c.bean(Sleeper.class), new java.util.Random(0));
    }

    /**
     * The callback's check of the connected account (ConnectGuard: CC's account summary and user privileges read
     * through CC's client) with CC answered from memory, then the connection event's detail written: the JSON paths a
     * code exchange's first event takes after the token endpoint. Nothing is sent, stored or announced.
     */
    public Priming.Step accountCheck() {
        return () -> {
            Clock clock = c.bean(Clock.class);
            CcTransport canned = (http, base, pathAndQuery, bearer) -> pathAndQuery.startsWith("/v3/account/summary")
                    ? new HttpExchange.Response(200, "{\"encoded_account_id\":\"priming\",\"organization_name\":\"priming\"}", null, null)
                    : new HttpExchange.Response(200, ConnectGuard.REQUIRED_PRIVILEGES.stream()
                            .map(p -> "{\"privilege_name\":\"" + p + "\"}").collect(java.util.stream.Collectors.joining(",", "[", "]")),
                            null, null);
            ConnectedAccount account = new ConnectGuard(rehearsalApi(), c.bean(TokenService.class)).verify(NO_TENANT,
                    ConnectPath.CALLBACK, Secret.of("priming"), clock.instant().plusSeconds(10), canned);
            EventBridgeConnectEvents.detail(new ConnectEvents.Connection(NO_TENANT, ConnectPath.CALLBACK, 1, account, null));
        };
    }

    /**
     * The campaign store's batch writer on the campaigns table, changing nothing: a BatchWriteItem that deletes a
     * campaign id no campaign has under the tenant that does not exist (DynamoCampaignStore.rehearseWrite).
     */
    public Priming.Step campaignsWrite() {
        return () -> c.bean(DynamoCampaignStore.class).rehearseWrite(NO_TENANT);
    }

    /**
     * The governor's own code on a ledger of its own, in memory: three permits of an idle key decided and taken as a
     * first request takes them (RateGovernor, RateLimits), nothing booked in the state table.
     */
    public Priming.Step governor() {
        return () -> {
            Settings s = c.bean(Settings.class);
            RateLimits.State[] state = {RateLimits.State.NONE};
            PermitLedger memory = (key, wanted, limits, now, lead) -> {
                RateLimits.Decision d = limits.decide(state[0], wanted, now, lead);
                if (d instanceof RateLimits.Book b) {
                    state[0] = b.after();
                    return RateLimits.Book.written(b.after(), b.count(), limits.spacing());
                }
                return d;
            };
            RateGovernor g = new RateGovernor(memory, () -> "priming",
                    RateLimits.api(s.ccRequestsPerSecond(), s.ccDailyRequestBudget()), c.bean(Clock.class), c.bean(Sleeper.class));
            for (int i = 0; i < 3; i++) {
                g.acquire();
            }
        };
    }

    public Priming.Step eventBus() {
        return () -> c.bean(AwsClients.class).events().describeEventBus(b -> b.name(c.bean(Settings.class).eventBusName()));
    }

    /**
     * A PutEvents that EventBridge refuses entry by entry: its one entry has no {@code Source}, which EventBridge
     * requires, so it answers 200 with the entry failed (InvalidArgument) and delivers nothing; the request and its
     * answer go through the client's whole path, as the first announcement's will (moto refuses it the same way).
     */
    public Priming.Step eventRefused() {
        return () -> c.bean(AwsClients.class).events().putEvents(b -> b.entries(e -> e
                .eventBusName(c.bean(Settings.class).eventBusName()).detailType("cch priming").detail("{}")));
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
