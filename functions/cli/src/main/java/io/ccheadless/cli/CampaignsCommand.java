package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.campaigns.SentCampaign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cch campaigns}: the stored campaigns ({@code recent}). */
@Command(name = "campaigns", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "The stored campaigns (recent).", subcommands = CampaignsCommand.Recent.class)
final class CampaignsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    CampaignsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("cch: campaigns needs a command: recent");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }

    /** {@code cch campaigns recent}: what the syncs stored, sent in the last N days, newest first, with stats. */
    @Command(name = "recent", mixinStandardHelpOptions = true,
            header = "The tenant's stored campaigns sent in the last N days, newest first, with their stats.",
            description = "Stats are as of each campaign's last sync. One Query on the campaigns table's by_last_sent index.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
    static final class Recent implements Callable<Integer> {
        private final CliContext ctx;

        @Spec
        CommandSpec spec;

        @Mixin
        TenantOption tenant;

        private int days = 7;

        Recent(CliContext ctx) {
            this.ctx = ctx;
        }

        @Option(names = "--days", paramLabel = "N", description = "how many days back, 1 to 366 (default 7)")
        void days(String raw) {
            days = Numbers.inRange(spec, "--days", "a whole number of days", raw, 1, 366);
        }

        @Override
        public Integer call() {
            Settings s = ctx.settings();
            String t = tenant.resolve(s);
            try (CliContext.Session session = ctx.open(s)) {
                Instant now = ctx.clock().instant();
                List<SentCampaign> list = session.app().campaigns().sentBetween(t, now.minus(Duration.ofDays(days)),
                        now.plus(Duration.ofDays(1)));
                ctx.out().printf("Tenant '%s': %d campaigns sent in the last %d days, as stored (stats as of each campaign's"
                        + " last sync):%n", t, list.size(), days);
                ctx.out().print(CampaignTable.render(list));
                if (list.isEmpty()) {
                    ctx.out().printf("Nothing stored yet? cch sync --tenant %s runs one sync now.%n", t);
                }
            }
            return ExitCodes.OK;
        }
    }
}
