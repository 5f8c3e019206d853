package io.ccheadless.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code cch}: the commands, the options every command takes, and the exit statuses. */
@Command(name = "cch", mixinStandardHelpOptions = true, version = "cch 0.1.0-SNAPSHOT",
        synopsisSubcommandLabel = "COMMAND",
        description = "Operate cc-headless: the demo on the embedded default, one-time authorization of a tenant (by"
                + " redirect or device flow), its connection status, one sync, the stored campaigns, and which IAM"
                + " principals may read which tenants through the internal API. Commands other than demo read the deployment's"
                + " settings from the environment (STATE_TABLE, CAMPAIGNS_TABLE, TOKEN_SECRET_PREFIX, CLIENT_SECRET_ID,"
                + " EVENT_BUS_NAME, AWS_REGION; AWS_ENDPOINT_URL for an emulator), as the functions do.",
        subcommands = {DemoCommand.class, SyncCommand.class, AuthorizeCommand.class, DeviceAuthorizeCommand.class,
                ConnectCommand.class,
                StatusCommand.class, TenantsCommand.class, CampaignsCommand.class, AccessCommand.class, PartnerCommand.class,
                HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.DENIED_LINE,
                ExitCodes.EXPIRED_LINE, ExitCodes.NOT_CONNECTED_LINE, ExitCodes.REFUSED_LINE},
        footerHeading = "%nExamples:%n",
        footer = {"  cch demo --campaigns 40",
                "  cch authorize --tenant T --redirect-uri URL",
                "  cch device-authorize --tenant T",
                "  cch connect import --tenant T < tokens.json",
                "  cch status --tenant T",
                "  cch sync --tenant T",
                "  cch campaigns recent --tenant T --days 7",
                "  cch access grant --principal arn:aws:iam::123456789012:role/reporting --tenant T",
                "  cch partner credentials set < partner.json",
                "  cch help sync"})
final class CchCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    CchCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "text",
            description = "log lines on standard error: text (readable lines, the default) or json (one JSON object per"
                    + " line, metric records included, as the functions log)")
    void logFormat(LogFormat format) {
        ctx.logFormat(format);
    }

    /** {@code cch} alone: the usage, as an error. */
    @Override
    public Integer call() {
        ctx.err().println("cch: a command is required");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }
}
