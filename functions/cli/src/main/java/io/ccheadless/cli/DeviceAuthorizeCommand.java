package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.device.DeviceAuthorization;
import io.ccheadless.core.oauth.DeviceCode;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code cch device-authorize --tenant T}: one-time authorization with CC's device flow, no callback URL
 * needed. Prints the code and link to approve from any browser, polls until the account owner approves,
 * and stores the first token set as the tenant's next generation.
 * <p>
 * Exit status: 0 connected; 3 denied at CC; 4 the code expired unapproved; 1 any other failure; 2 bad usage
 * or configuration. Nothing is stored unless the status is 0.
 */
final class DeviceAuthorizeCommand {
    static final int DENIED = 3;
    static final int EXPIRED = 4;

    private DeviceAuthorizeCommand() {
    }

    static int run(Map<String, String> opts, Map<String, String> env, PrintStream out, PrintStream err, Clock clock,
                   Sleeper sleeper) {
        Settings s = Settings.fromEnvironment(env);
        String tenant = Main.tenant(opts, s);
        try (AwsClients aws = AwsClients.create(s)) {
            CcHeadless app = new CcHeadless(s, aws, clock, Log.to(err, clock, "cch"), "cli:" + ProcessHandle.current().pid());
            DeviceAuthorization device = app.deviceAuthorization(sleeper);
            try {
                DeviceCode code = device.start(tenant);
                printPrompt(out, tenant, code, clock);
                DeviceAuthorization.Connected c = device.await(tenant, code);
                out.printf("Connected tenant '%s' to Constant Contact account '%s' (generation %d).%n", c.tenant(),
                        c.accountName(), c.generation());
                return 0;
            } catch (DeviceAuthorization.Failed f) {
                err.println("cch: " + f.getMessage() + " — " + f.advice());
                return switch (f.reason()) {
                    case DENIED -> DENIED;
                    case EXPIRED -> EXPIRED;
                    case REFUSED, UNAVAILABLE -> 1;
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
