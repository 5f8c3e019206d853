package io.ccheadless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sync.SyncHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code cch demo}: the main job on the embedded default. Constant Contact is the in-process sandbox, AWS is the
 * emulator at AWS_ENDPOINT_URL (moto, or LocalStack). Provisions what template.yaml would, authorizes once the way
 * a browser would (sandbox consent), then runs the SyncFunction's handler with events/scheduled-sync.json's payload.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "One scheduled sync end to end on the CC sandbox and an AWS emulator.",
        description = "The CC sandbox runs in-process, AWS is the emulator named by AWS_ENDPOINT_URL"
                + " (infrastructure/scripts/demo.sh starts moto and sets it). Provisions the tables, secrets and bus,"
                + " authorizes once as a browser would, invokes the SyncFunction's handler and prints the campaigns it stored.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, "2:usage error, or AWS_ENDPOINT_URL is not set (demo runs only against an emulator)"})
final class DemoCommand implements Callable<Integer> {
    static final String REDIRECT_URI = "http://127.0.0.1:8765/oauth/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Mixin
    TenantOption tenant;

    private int campaigns = 40;

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--campaigns", paramLabel = "N", description = "campaigns in the sandbox account, 1 to 10000 (default 40)")
    void campaigns(String raw) {
        campaigns = Numbers.inRange(spec, "--campaigns", "a whole number", raw, 1, 10_000);
    }

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = ctx.env();
        if (env.get("AWS_ENDPOINT_URL") == null || env.get("AWS_ENDPOINT_URL").isBlank()) {
            throw new UsageException("demo creates throwaway resources, so it runs only against an AWS emulator:"
                    + " set AWS_ENDPOINT_URL (infrastructure/scripts/demo.sh starts moto and does this for you)");
        }
        PrintStream out = ctx.out();
        Clock clock = ctx.clock();
        Log log = ctx.log();
        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(campaigns).build())) {
            Map<String, String> demoEnv = new HashMap<>(env);
            demoEnv.putIfAbsent("AWS_REGION", "us-east-1");
            demoEnv.put("CC_AUTH_BASE_URL", cc.authBaseUri().toString());
            demoEnv.put("CC_API_BASE_URL", cc.baseUri().toString());
            // template.yaml's stateful resources, deployed on the emulator as stack cc-headless-demo (once;
            // a later demo reuses it); the names come from the stack's outputs.
            demoEnv = LocalProvisioner.deploy(demoEnv, "cc-headless-demo");
            Settings s = Settings.fromEnvironment(demoEnv);
            String t = tenant.resolve(s);
            out.printf("Constant Contact sandbox at %s; AWS emulator at %s%n", cc.baseUri(), s.endpointOverride());
            try (AwsClients aws = AwsClients.create(s)) {
                LocalProvisioner.provision(aws, s, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
                out.printf("Provisioned table '%s', table '%s', secret '%s' and bus '%s' from template.yaml (emulator stack cc-headless-demo).%n",
                        s.stateTable(), s.campaignsTable(), s.clientSecretId(), s.eventBusName());
                CcHeadless app = new CcHeadless(s, aws, clock, log, "demo:" + ProcessHandle.current().pid());
                boolean connected = app.tokens().pointer(t).map(p -> p.connected()).orElse(false);
                if (!connected) {
                    String code = consent(cc, t);
                    long g = app.connectWithCode(t, code, REDIRECT_URI, null, clock.instant().plus(Duration.ofMinutes(1)));
                    out.printf("Authorized tenant '%s' at the sandbox (token generation %d stored in secret '%s').%n",
                            t, g, app.tokenSecretId(t));
                }
                out.printf("Invoking the SyncFunction's handler with {\"tenant\": \"%s\"} ...%n", t);
                SyncHandler handler = new SyncHandler(app.scheduledSync(), s.defaultTenant(), clock, log);
                ByteArrayOutputStream result = new ByteArrayOutputStream();
                byte[] event = ("{\"tenant\": \"" + t + "\"}").getBytes(StandardCharsets.UTF_8);
                handler.handleRequest(new ByteArrayInputStream(event), result, null);
                out.println("SyncFunction answered: " + answer(result.toString(StandardCharsets.UTF_8)));
                out.println();
                Instant now = clock.instant();
                List<SentCampaign> stored = app.campaigns().sentBetween(t, now.minus(s.lookback()), now.plus(Duration.ofDays(1)));
                out.printf("Campaigns sent in the last %d days, as stored:%n", s.lookback().toDays());
                out.print(CampaignTable.render(stored));
                out.printf("%nStored in DynamoDB table '%s' at %s (index by_last_sent); tokens in secret '%s'.%n",
                        s.campaignsTable(), s.endpointOverride(), app.tokenSecretId(t));
            }
        }
        return ExitCodes.OK;
    }

    /** The handler's JSON answer: as is for machines, in words for people. */
    String answer(String json) throws IOException {
        if (ctx.logFormat() == LogFormat.JSON) {
            return json;
        }
        JsonNode n = JSON.readTree(json);
        return String.format("%s; %d campaigns seen, %d written, %d newly sent; %d CC requests in %d ms",
                n.path("outcome").asText(), n.path("campaigns_seen").asInt(), n.path("campaigns_written").asInt(),
                n.path("newly_sent").asInt(), n.path("cc_requests").asInt(), n.path("duration_ms").asLong());
    }

    /** What a person's browser does at the sandbox's consent page (auto-approve): answers the code. */
    private static String consent(CcSandbox cc, String tenant) throws IOException {
        String state = UUID.randomUUID().toString();
        String url = cc.authBaseUri() + "/authorize?response_type=code&client_id=" + enc(cc.clientId())
                + "&redirect_uri=" + enc(REDIRECT_URI) + "&scope=" + enc("account_read campaign_data offline_access")
                + "&state=" + enc(state);
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("Location").orElseThrow(() ->
                    new IllegalStateException("sandbox consent answered " + r.statusCode() + " without a redirect"));
            Map<String, String> q = query(URI.create(location).getRawQuery());
            if (!state.equals(q.get("state")) || q.get("code") == null) {
                throw new IllegalStateException("sandbox consent did not return a code for our state (tenant " + tenant + ")");
            }
            return q.get("code");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
