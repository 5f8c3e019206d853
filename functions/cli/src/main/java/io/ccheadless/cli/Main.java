package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.config.Tenants;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cch}: the command-line tool.
 * <ul>
 *   <li>{@code demo} — the main job on the embedded default: the CC sandbox in-process, AWS on the emulator
 *       named by AWS_ENDPOINT_URL; authorizes once, runs one scheduled sync, prints the campaigns;</li>
 *   <li>{@code sync [--tenant T]} — one sync with the deployment's environment (real AWS or an emulator);</li>
 *   <li>{@code campaigns recent [--tenant T] [--days N]} — the stored campaigns.</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        Deque<String> args = new ArrayDeque<>(List.of(argv));
        String command = args.isEmpty() ? "help" : args.poll();
        try {
            return switch (command) {
                case "demo" -> Demo.run(options(args), env, out);
                case "sync" -> sync(options(args), env, out);
                case "authorize" -> authorize(options(args), env, out);
                case "device-authorize" -> DeviceAuthorizeCommand.run(options(args), env, out, err, Clock.systemUTC(),
                        io.ccheadless.core.obs.Sleeper.REAL);
                case "status" -> status(options(args), env, out);
                case "campaigns" -> {
                    if (!"recent".equals(args.poll())) {
                        throw new UsageException("usage: cch campaigns recent [--tenant T] [--days N]");
                    }
                    yield recent(options(args), env, out);
                }
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'\n" + USAGE);
            };
        } catch (UsageException | ConfigurationException e) {
            err.println("cch: " + e.getMessage());
            return 2;
        } catch (TokenUnavailableException e) {
            err.println("cch: " + e.getMessage() + (e.operatorAction() == null ? "" : " — " + e.operatorAction()));
            return 1;
        } catch (RuntimeException e) {
            err.println("cch: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    static final String USAGE = """
            usage: cch <command>
              demo [--campaigns N]                 one scheduled sync end to end on the CC sandbox and an AWS emulator
              sync [--tenant T]                    one sync with this environment's settings (STATE_TABLE, …)
              authorize --tenant T --redirect-uri URL   mint a single-use authorization link (10 minutes)
              device-authorize --tenant T          authorize with CC's device flow: approve a code from any browser
              status [--tenant T]                  the tenant's connection: generation, expiry, status (no secrets)
              campaigns recent [--tenant T] [--days N]   the stored campaigns sent recently""";

    private static int sync(Map<String, String> opts, Map<String, String> env, PrintStream out) {
        Settings s = Settings.fromEnvironment(env);
        String tenant = tenant(opts, s);
        try (AwsClients aws = AwsClients.create(s)) {
            CcHeadless app = new CcHeadless(s, aws, Clock.systemUTC(), Log.to(System.err, Clock.systemUTC(), "cch"), "cli:" + ProcessHandle.current().pid());
            SyncReport r = app.scheduledSync().run(tenant, Instant.now().plus(Duration.ofMinutes(10)));
            printReport(out, r, s);
        }
        return 0;
    }

    private static int authorize(Map<String, String> opts, Map<String, String> env, PrintStream out) {
        Settings s = Settings.fromEnvironment(env);
        String tenant = tenant(opts, s);
        String redirect = opts.get("redirect-uri");
        if (redirect == null) {
            throw new UsageException("--redirect-uri is required: the stack's CallbackUrl output, registered in the CC developer portal");
        }
        try (AwsClients aws = AwsClients.create(s)) {
            CcHeadless app = new CcHeadless(s, aws, Clock.systemUTC(), Log.to(System.err, Clock.systemUTC(), "cch"), "cli");
            io.ccheadless.core.oauth.Authorization.Link link;
            try {
                link = app.authorization().begin(tenant, java.net.URI.create(redirect));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.printf("Open this link as the Constant Contact account owner of tenant '%s' (valid until %s, once):%n%n%s%n",
                    tenant, link.expiresAt(), link.url());
        }
        return 0;
    }

    private static int status(Map<String, String> opts, Map<String, String> env, PrintStream out) {
        Settings s = Settings.fromEnvironment(env);
        String tenant = tenant(opts, s);
        try (AwsClients aws = AwsClients.create(s)) {
            CcHeadless app = new CcHeadless(s, aws, Clock.systemUTC(), Log.to(System.err, Clock.systemUTC(), "cch"), "cli");
            var p = app.tokens().pointer(tenant).filter(x -> x.connected());
            if (p.isEmpty()) {
                out.printf("tenant '%s': not connected — %s%n", tenant, TokenUnavailableException.authorizeCommand(tenant));
                return 1;
            }
            var t = p.get();
            Instant now = Instant.now();
            out.printf("tenant '%s': %s, generation %d%n  access token expires %s%n  refresh token issued %s (%d days ago)%n"
                            + "  last outcome: %s%n", tenant, t.status(), t.generation(), t.accessTokenExpiresAt(),
                    t.refreshTokenIssuedAt(), Duration.between(t.refreshTokenIssuedAt(), now).toDays(), t.lastOutcome());
            return t.status() == io.ccheadless.core.token.ConnectionStatus.ACTIVE ? 0 : 1;
        }
    }

    private static int recent(Map<String, String> opts, Map<String, String> env, PrintStream out) {
        Settings s = Settings.fromEnvironment(env);
        String tenant = tenant(opts, s);
        int days = days(opts.getOrDefault("days", "7"));
        try (AwsClients aws = AwsClients.create(s)) {
            CcHeadless app = new CcHeadless(s, aws, Clock.systemUTC(), Log.to(System.err, Clock.systemUTC(), "cch"), "cli");
            Instant now = Instant.now();
            List<SentCampaign> list = app.campaigns().sentBetween(tenant, now.minus(Duration.ofDays(days)), now.plus(Duration.ofDays(1)));
            out.printf("Tenant '%s': %d campaigns sent in the last %d days, as stored (stats as of each campaign's last sync):%n",
                    tenant, list.size(), days);
            out.print(CampaignTable.render(list));
        }
        return 0;
    }

    static int days(String raw) {
        try {
            int d = Integer.parseInt(raw.trim());
            if (d >= 1 && d <= 366) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--days must be a whole number of days from 1 to 366, got '" + raw + "'");
    }

    static void printReport(PrintStream out, SyncReport r, Settings s) {
        out.printf("Sync of tenant '%s': %d campaigns sent in the last %d days, %d written, %d newly sent, %d CC requests, %d ms%n%n",
                r.tenant(), r.campaignsSeen(), s.lookback().toDays(), r.campaignsWritten(), r.newlySent(), r.ccRequests(),
                r.duration().toMillis());
        out.print(CampaignTable.render(r.campaigns()));
        out.printf("%nStored in DynamoDB table '%s'%s (index by_last_sent); events on bus '%s'.%n", s.campaignsTable(),
                s.endpointOverride() == null ? " in " + s.region() : " at " + s.endpointOverride(), s.eventBusName());
    }

    static String tenant(Map<String, String> opts, Settings s) {
        String t = opts.getOrDefault("tenant", s.defaultTenant());
        if (!Tenants.valid(t)) {
            throw new UsageException("--tenant must be " + Tenants.RULE);
        }
        return t;
    }

    static Map<String, String> options(Deque<String> args) {
        Map<String, String> o = new HashMap<>();
        while (!args.isEmpty()) {
            String a = args.poll();
            if (!a.startsWith("--") || args.isEmpty()) {
                throw new UsageException("expected --name value, got '" + a + "'");
            }
            o.put(a.substring(2), args.poll());
        }
        return o;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
