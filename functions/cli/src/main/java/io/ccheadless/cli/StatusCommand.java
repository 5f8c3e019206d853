package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code cch status}: the tenant's connection as the token pointer records it; never a token. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "The tenant's connection: status, generation, expiry (never a token).",
        description = "Shows the tenant's connection to Constant Contact: status, token generation, when the access"
                + " token expires, how old the refresh token is, the last outcome. Reads the token pointer only (GetItem"
                + " on the state table).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:connected and ACTIVE", ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE,
                "5:not connected, or not ACTIVE (e.g. REAUTH_REQUIRED): the output says what to run"})
final class StatusCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    TenantOption tenant;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        String t = tenant.resolve(s);
        PrintStream out = ctx.out();
        try (CliContext.Session session = ctx.open(s)) {
            Optional<TokenPointer> p = session.app().tokens().pointer(t).filter(TokenPointer::connected);
            if (p.isEmpty()) {
                out.printf("tenant '%s': not connected — %s (or cch device-authorize --tenant %s, or with tokens somebody"
                        + " already generated: cch connect import --tenant %s)%n", t, TokenUnavailableException.authorizeCommand(t), t, t);
                return ExitCodes.NOT_CONNECTED;
            }
            TokenPointer tp = p.get();
            Instant now = ctx.clock().instant();
            out.printf("tenant '%s': %s, generation %d%n  access token expires %s%n  refresh token issued %s (%d days ago)%n"
                            + "  last outcome: %s%n", t, tp.status(), tp.generation(), tp.accessTokenExpiresAt(),
                    tp.refreshTokenIssuedAt(), Duration.between(tp.refreshTokenIssuedAt(), now).toDays(), tp.lastOutcome());
            if (tp.status() != ConnectionStatus.ACTIVE) {
                out.printf("Next: re-authorize: %s%n", TokenUnavailableException.authorizeCommand(t));
                return ExitCodes.NOT_CONNECTED;
            }
            return ExitCodes.OK;
        }
    }
}
