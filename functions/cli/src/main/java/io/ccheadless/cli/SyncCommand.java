package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.campaigns.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code cch sync}: one sync of a tenant, as the SyncFunction runs it, with this environment's settings: an OAuth
 * tenant through its own token chain, a partner tenant ({@code partner.<encoded account id>}) through CC's
 * pass-through with the partner JWT ({@code TenantSync}).
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        header = "One sync of the tenant's sent campaigns, as the scheduled SyncFunction runs it.",
        description = "Reads what Constant Contact sent recently, stores it with its stats in DynamoDB and announces new"
                + " sends on EventBridge, with this environment's settings. A partner tenant (partner.<encoded account"
                + " id>) is read through the partner pass-through and needs the stack's partner credentials. Needs the"
                + " function's own permissions.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.NOT_CONNECTED_LINE})
final class SyncCommand implements Callable<Integer> {
    static final Duration DEADLINE = Duration.ofMinutes(10);
    private final CliContext ctx;

    @Mixin
    AnyTenantOption tenant;

    SyncCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        String t = tenant.resolve(s);
        PrintStream out = ctx.out();
        out.printf("Syncing tenant '%s' from %s (at most %s Constant Contact requests a second; a first sync of a large"
                + " account takes a while) ...%n", t, s.ccApiBase(), s.ccRequestsPerSecond());
        SyncReport r;
        try (CliContext.Session session = ctx.open(s); Progress ignored = Progress.start(ctx, "syncing")) {
            r = session.app().tenantSync().run(t, ctx.clock().instant().plus(DEADLINE));
        }
        printReport(out, r, s);
        out.println(nextStep(r));
        return ExitCodes.OK;
    }

    static void printReport(PrintStream out, SyncReport r, Settings s) {
        out.printf("Sync of tenant '%s': %d campaigns sent in the last %d days, %d written, %d newly sent, %d CC requests, %d ms%n%n",
                r.tenant(), r.campaignsSeen(), s.lookback().toDays(), r.campaignsWritten(), r.newlySent(), r.ccRequests(),
                r.duration().toMillis());
        out.print(CampaignTable.render(r.campaigns()));
        out.printf("%nStored in DynamoDB table '%s'%s (index by_last_sent); events on bus '%s'.%n", s.campaignsTable(),
                s.endpointOverride() == null ? " in " + s.region() : " at " + s.endpointOverride(), s.eventBusName());
    }

    static String nextStep(SyncReport r) {
        return switch (r.outcome()) {
            case COMPLETED -> "Next: cch campaigns recent --tenant " + r.tenant() + " --days 7 reads what is stored.";
            case CHECKPOINTED -> "Stopped at a checkpoint before the deadline: run cch sync --tenant " + r.tenant()
                    + " again (or let the schedule) to continue where it stopped.";
            case BUDGET_EXHAUSTED -> "Today's Constant Contact request budget is spent: the next sync after 00:00 UTC continues"
                    + " from the checkpoint.";
            case LEASE_HELD -> "Another sync of tenant '" + r.tenant() + "' is running, so this one did nothing; try again"
                    + " when it has finished.";
        };
    }
}
