package io.ccheadless.cli;

import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.partner.PartnerCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code cch partner}: the stack's technology-partner side (docs/tenants.md); today its credentials. */
@Command(name = "partner", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "The technology partner's credentials (see: cch partner credentials set --help).",
        subcommands = {PartnerCommand.Credentials.class})
final class PartnerCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    PartnerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("cch partner: a command is required");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }

    @Command(name = "credentials", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
            header = "Store the partner credentials (see: cch partner credentials set --help).",
            subcommands = {Set.class})
    static final class Credentials implements Callable<Integer> {
        private final CliContext ctx;

        @Spec
        CommandSpec spec;

        Credentials(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.err().println("cch partner credentials: a command is required");
            spec.commandLine().usage(ctx.err());
            return ExitCodes.USAGE;
        }
    }

    /** {@code cch partner credentials set < partner.json}: never on the command line, never printed back. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            header = "Store the technology partner's credentials, read from standard input.",
            description = {"Reads JSON {\"client_id\": \"...\", \"client_secret\": \"...\", \"api_key\": \"...\"} from"
                    + " standard input (the partner client id and secret CC issued on partner approval, and the API key"
                    + " CC wants in x-api-key) and stores it as a new version of the partner credentials secret"
                    + " (PARTNER_SECRET_ID: the stack's PartnerCredentialsSecretArn output, PartnerAccounts=Enabled)."
                    + " Nothing of it is printed; the API key only as a fingerprint."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:stored", ExitCodes.FAILURE_LINE, "2:usage or configuration error, or the input is not a"
                    + " complete set"})
    static final class Set implements Callable<Integer> {
        private final CliContext ctx;

        Set(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Settings s = ctx.settings();
            String input = read();
            try (CliContext.Session session = ctx.open(s)) {
                PartnerCredentials stored = new PartnerCredentialsSecret(session.aws().secrets(), s.partnerSecretId())
                        .store(input);
                ctx.out().printf("Stored the partner credentials in %s (API key %s).%n", s.partnerSecretId(),
                        stored.keyLabel());
                ctx.out().printf("The next dispatcher run discovers the managed accounts: cch tenants lists them.%n");
                return ExitCodes.OK;
            }
        }

        private String read() {
            try (InputStream in = ctx.in()) {
                if (ctx.in() == System.in && System.console() != null && System.console().isTerminal()) {
                    ctx.err().println("Paste the partner credentials (JSON), then press Ctrl-D:");
                }
                return new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read the partner credentials from standard input: "
                        + e.getClass().getSimpleName());
            }
        }
    }
}
