package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cch tenants}: every tenant the stack holds a token pointer for; never a token. */
@Command(name = "tenants", mixinStandardHelpOptions = true,
        header = "Every tenant: kind, status, generation, token age, last sync (never a token).",
        description = "Lists the tenants of the state table (one Scan: dynamodb:Scan on it) with each one's kind (oauth:"
                + " its own token chain; partner: a managed account of the stack's technology partner, partner.<encoded"
                + " account id>), status, token generation, the age of its refresh token and when its last sync"
                + " completed. The hourly fan-out syncs the ACTIVE oauth tenants and the LISTED partner tenants.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:listed (also when there are none)", ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class TenantsCommand implements Callable<Integer> {
    private final CliContext ctx;

    TenantsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        PrintStream out = ctx.out();
        List<TenantEntry> tenants;
        try (CliContext.Session session = ctx.open(s)) {
            tenants = session.app().tenants().list();
        }
        Instant now = ctx.clock().instant();
        out.print(render(tenants, now));
        long active = tenants.stream().filter(TenantEntry::syncable).count();
        out.printf("%d tenants, %d synced by the hourly fan-out%s%n", tenants.size(), active,
                active < tenants.size() ? "; the others need cch authorize --tenant T (oauth) or are no longer listed (partner)" : "");
        return ExitCodes.OK;
    }

    static String render(List<TenantEntry> tenants, Instant now) {
        StringBuilder b = new StringBuilder(String.format("%-24s %-8s %-16s %10s %12s  %s%n", "tenant", "kind", "status",
                "generation", "token age", "last sync"));
        for (TenantEntry t : tenants) {
            Duration age = t.tokenAge(now);
            boolean partner = t.kind() == TenantKind.PARTNER;
            b.append(String.format("%-24s %-8s %-16s %10s %12s  %s%n", t.tenant(), partner ? "partner" : "oauth", t.state(),
                    partner ? "-" : Long.toString(t.generation()),
                    age == null ? "-" : age.toDays() + " d " + age.toHoursPart() + " h",
                    t.lastSyncAt() == null ? "never" : t.lastSyncAt().toString()));
        }
        return b.toString();
    }
}
