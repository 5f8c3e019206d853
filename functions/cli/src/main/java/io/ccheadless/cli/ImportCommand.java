package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.connect.ConnectRefused;
import io.ccheadless.core.connect.ImportedTokens;
import io.ccheadless.core.connect.TokenImport;
import io.ccheadless.core.oauth.ClientType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code cch connect import --tenant T}: connect a tenant with a token set somebody already generated. The tokens
 * are read from standard input or a file, never from the command line (shell history keeps it). The access token
 * is checked at CC (account, privileges), the refresh token redeemed once under the token lease, and CC's answer
 * stored as the tenant's next generation; see {@link TokenImport}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Connect a tenant with an access and refresh token somebody already generated.",
        description = {"Reads the token set from standard input (or --file): CC's token answer as JSON,"
                + " {\"access_token\": \"...\", \"refresh_token\": \"...\", \"expires_in\": 86400} (expires_in or"
                + " expires_at optional), or the two tokens on two lines, access token first. Tokens are never taken"
                + " as options.",
                "Checks the access token at Constant Contact (which account, and that its user holds campaign:read and"
                        + " ui:campaign:metrics), then redeems the refresh token once under the token lease and stores"
                        + " the answer: with rotating refresh tokens every other copy of the imported set is dead"
                        + " afterwards. Needs the function's own permissions on the state table and the token secret."},
        exitCodeListHeading = "%nExit status (nothing is stored unless it is 0):%n",
        exitCodeList = {"0:connected", ExitCodes.FAILURE_LINE,
                "2:usage or configuration error, or the token set is malformed", ExitCodes.REFUSED_LINE})
final class ImportCommand implements Callable<Integer> {
    /** Time for checking the account, taking the lease, redeeming and storing. */
    static final Duration BUDGET = Duration.ofMinutes(1);

    private final CliContext ctx;

    @Mixin
    TenantOption tenant;

    @Option(names = "--file", paramLabel = "PATH", description = "read the token set from this file instead of standard input")
    Path file;

    @Option(names = "--allow-account-change", description = "allow connecting another Constant Contact account than the"
            + " one the tenant is connected to (otherwise refused, exit status 6)")
    boolean allowAccountChange;

    @Option(names = "--public-client", description = "the tokens were issued without the client secret (device flow or"
            + " PKCE only), so their refreshes send only the client id. Default: confidential, unless the deployment's"
            + " client credentials hold no secret")
    boolean publicClient;

    ImportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        String t = tenant.resolve(s);
        String input = read();
        PrintStream out = ctx.out();
        try (CliContext.Session session = ctx.open(s)) {
            Instant now = ctx.clock().instant();
            try {
                ImportedTokens tokens = ImportedTokens.parse(input, now);
                ClientType client = publicClient || !session.app().clientHasSecret() ? ClientType.PUBLIC : ClientType.CONFIDENTIAL;
                TokenImport.Imported done = session.app().tokenImport(ctx.sleeper())
                        .run(t, tokens, client, allowAccountChange, now.plus(BUDGET));
                print(out, done);
                return ExitCodes.OK;
            } catch (ConnectRefused r) {
                ctx.err().println("cch: " + r.getMessage() + " — " + r.advice());
                return switch (r.reason()) {
                    case MALFORMED_INPUT -> ExitCodes.USAGE;
                    case UNAVAILABLE -> ExitCodes.FAILURE;
                    case ACCESS_TOKEN_REJECTED, REFRESH_TOKEN_REFUSED, ACCOUNT_CHANGED, MISSING_PRIVILEGE -> ExitCodes.REFUSED;
                };
            }
        }
    }

    private static void print(PrintStream out, TokenImport.Imported d) {
        out.printf("Connected tenant '%s' to Constant Contact account %s (generation %d, imported).%n", d.tenant(),
                d.account().label(), d.generation());
        if (d.accountChanged()) {
            out.printf("The tenant was connected to account %s before; it now syncs this one.%n", d.previousAccount());
        }
        if (d.rotated()) {
            out.printf("The imported refresh token was redeemed once and is now dead: cc-headless holds the only live copy."
                    + "%nWarning: any other copy of that token set (the colleague's, a script's, a notes file) no longer"
                    + " works; whoever used it must not refresh with it again, and should delete it.%n");
        } else {
            out.printf("Constant Contact answered with the same refresh token (long-lived refresh tokens), so every other"
                    + " copy of it still works.%nWarning: whoever else holds it can still use this account; ask them to"
                    + " delete their copy.%n");
        }
        out.printf("Next: cch status --tenant %s, then cch sync --tenant %s%n", d.tenant(), d.tenant());
    }

    /** The whole input, at most a little more than a token set can be (the parser refuses longer ones). */
    private String read() {
        try (InputStream in = file != null ? Files.newInputStream(file) : ctx.in()) {
            if (file == null && ctx.in() == System.in && System.console() != null && System.console().isTerminal()) {
                ctx.err().println("Paste the token set (JSON, or the access token and the refresh token on two lines),"
                        + " then press Ctrl-D:");
            }
            byte[] bytes = in.readNBytes(2 * 64 * 1024);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read the token set" + (file != null ? " from " + file : " from standard input")
                    + ": " + e.getClass().getSimpleName());
        }
    }
}
