package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.device.DeviceAuthorization;
import io.ccheadless.core.oauth.DeviceCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code cch device-authorize --tenant T}: one-time authorization with CC's device flow, no callback URL
 * needed. Prints the code and link to approve from any browser, polls until the account owner approves,
 * and stores the first token set as the tenant's next generation.
 * <p>
 * Exit status: 0 connected; 3 denied at CC; 4 the code expired unapproved; 6 another account than the tenant's, or a
 * missing privilege; 1 any other failure; 2 bad usage
 * or configuration. Nothing is stored unless the status is 0.
 */
@Command(name = "device-authorize", mixinStandardHelpOptions = true,
        header = "Authorize with CC's device flow: approve a code from any browser, no callback URL.",
        description = "Prints a code and a link to approve from any browser, polls Constant Contact at the interval it"
                + " asks for, and stores the tokens as the tenant's next generation under the token lease. Needs the"
                + " function's own permissions on the state table and the token secret.",
        exitCodeListHeading = "%nExit status (nothing is stored unless it is 0):%n",
        exitCodeList = {"0:connected", ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.DENIED_LINE,
                ExitCodes.EXPIRED_LINE, ExitCodes.REFUSED_LINE})
final class DeviceAuthorizeCommand implements Callable<Integer> {
    static final int DENIED = ExitCodes.DENIED;
    static final int EXPIRED = ExitCodes.EXPIRED;

    private final CliContext ctx;

    @Mixin
    TenantOption tenant;

    @Option(names = "--allow-account-change", description = "allow connecting another Constant Contact account than the"
            + " one the tenant is connected to (otherwise refused, exit status 6)")
    boolean allowAccountChange;

    DeviceAuthorizeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        String t = tenant.resolve(s);
        PrintStream out = ctx.out();
        try (CliContext.Session session = ctx.open(s)) {
            DeviceAuthorization device = session.app().deviceAuthorization(ctx.sleeper());
            try {
                DeviceCode code = device.start(t);
                printPrompt(out, t, code, ctx.clock());
                DeviceAuthorization.Connected c = device.await(t, code, allowAccountChange);
                out.printf("Connected tenant '%s' to Constant Contact account %s (generation %d).%n", c.tenant(),
                        c.account().label(), c.generation());
                if (c.accountChanged()) {
                    out.printf("The tenant was connected to another account before; it now syncs this one.%n");
                }
                out.printf("Next: cch status --tenant %s, then cch sync --tenant %s%n", c.tenant(), c.tenant());
                return ExitCodes.OK;
            } catch (DeviceAuthorization.Failed f) {
                ctx.err().println("cch: " + f.getMessage() + " — " + f.advice());
                return switch (f.reason()) {
                    case DENIED -> DENIED;
                    case EXPIRED -> EXPIRED;
                    case REFUSED, UNAVAILABLE -> ExitCodes.FAILURE;
                    case ACCOUNT_CHANGED, MISSING_PRIVILEGE -> ExitCodes.REFUSED;
                };
            }
        }
    }

    private static void printPrompt(PrintStream out, String tenant, DeviceCode code, Clock clock) {
        out.printf("To connect tenant '%s', open this link in any browser, sign in as the Constant Contact account owner"
                + " and approve:%n%n  %s%n%n", tenant, code.linkToOpen());
        out.printf(code.verificationUriComplete() != null ? "Check that the page shows the code %s." : "Enter the code %s.",
                code.userCode());
        out.printf(" It expires at %s (in %d min).%nWaiting for approval (polling every %d s) ...%n", code.expiresAt(),
                Math.max(0, (Duration.between(clock.instant(), code.expiresAt()).toSeconds() + 59) / 60),
                code.interval().toSeconds());
        out.flush();
    }
}
