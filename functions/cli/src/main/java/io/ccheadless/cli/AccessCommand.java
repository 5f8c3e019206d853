package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.access.CallerGrants;
import io.ccheadless.core.access.Principals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code cch access}: which IAM principals may read which tenants through the internal API (grant, revoke, show).
 * The grants live in the state table ({@code caller#<principal>}); the token and campaigns routes answer 403 to a
 * principal without a grant for the tenant (default deny). Scope the principal's execute-api:Invoke to the same
 * tenant's routes too (README: "Who may read a tenant").
 */
@Command(name = "access", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "Which IAM principals may read which tenants through the internal API (grant, revoke, show).",
        subcommands = {AccessCommand.Grant.class, AccessCommand.Revoke.class, AccessCommand.Show.class})
final class AccessCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    AccessCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("cch: access needs a command: grant, revoke or show");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }

    /** {@code --principal ARN}: a role or user ARN (an assumed-role session ARN is taken as its role). */
    static final class PrincipalOption {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        String principal;

        @Option(names = "--principal", required = true, paramLabel = "ARN",
                description = "the caller: " + Principals.RULE + " (all of a role's sessions count as the role)")
        void principal(String arn) {
            principal = Principals.canonical(arn).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--principal must be " + Principals.RULE + ", got '" + arn + "'"));
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            header = "Lets a principal read one tenant (token, status, campaigns) through the internal API.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
    static final class Grant extends Change {
        Grant(CliContext ctx) {
            super(ctx);
        }

        @Override
        String apply(CallerGrants grants, String principal, String tenant) {
            grants.grant(principal, tenant);
            return "%s may now read tenant '%s' (token, status, campaigns); it reads: %s%n";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            header = "Takes one tenant away from a principal; holds from its next request on.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
    static final class Revoke extends Change {
        Revoke(CliContext ctx) {
            super(ctx);
        }

        @Override
        String apply(CallerGrants grants, String principal, String tenant) {
            grants.revoke(principal, tenant);
            return "%s may no longer read tenant '%s'; it reads: %s%n";
        }
    }

    /** Grant and revoke: one change to a principal's tenants, then what it now reads. */
    abstract static class Change implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        PrincipalOption principal;
        @Mixin
        TenantOption tenant;

        Change(CliContext ctx) {
            this.ctx = ctx;
        }

        /** Makes the change; answers the line to print (principal, tenant, the tenants it now reads). */
        abstract String apply(CallerGrants grants, String principal, String tenant);

        @Override
        public Integer call() {
            Settings s = ctx.settings();
            String t = tenant.resolve(s);
            try (CliContext.Session session = ctx.open(s)) {
                CallerGrants grants = session.app().callerGrants();
                String line = apply(grants, principal.principal, t);
                ctx.out().printf(line, principal.principal, t, new TreeSet<>(grants.tenantsOf(principal.principal)));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, header = "The tenants a principal may read.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
    static final class Show implements Callable<Integer> {
        private final CliContext ctx;
        @Mixin
        PrincipalOption principal;

        Show(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Settings s = ctx.settings();
            try (CliContext.Session session = ctx.open(s)) {
                var tenants = new TreeSet<>(session.app().callerGrants().tenantsOf(principal.principal));
                ctx.out().printf(tenants.isEmpty() ? "%s may read no tenant (default deny)%n" : "%s may read: %s%n",
                        principal.principal, tenants);
            }
            return ExitCodes.OK;
        }
    }
}
