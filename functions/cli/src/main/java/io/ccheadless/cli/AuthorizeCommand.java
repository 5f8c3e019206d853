package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.oauth.Authorization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;

/** {@code cch authorize}: mint a single-use authorization link for the CallbackFunction's redirect URI. */
@Command(name = "authorize", mixinStandardHelpOptions = true,
        header = "Mint a single-use authorization link (10 minutes) for the CallbackFunction.",
        description = "The Constant Contact account owner opens the link to connect the tenant; CC then redirects to the"
                + " CallbackFunction, which stores the first tokens. Needs PutItem/GetItem on the state table and"
                + " GetSecretValue on the client secret.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class AuthorizeCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Mixin
    TenantOption tenant;

    private URI redirectUri;

    @Option(names = "--allow-account-change", description = "let this link connect another Constant Contact account than"
            + " the one the tenant is connected to (otherwise the callback refuses it with 409)")
    boolean allowAccountChange;

    AuthorizeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--redirect-uri", paramLabel = "URL", required = true,
            description = "where CC sends the owner back: the stack's CallbackUrl output, registered in the CC developer portal")
    void redirectUri(String raw) {
        redirectUri = httpUrl(spec, "--redirect-uri", raw);
    }

    @Override
    public Integer call() {
        Settings s = ctx.settings();
        String t = tenant.resolve(s);
        try (CliContext.Session session = ctx.open(s)) {
            Authorization.Link link;
            try {
                link = session.app().authorization().begin(t, redirectUri, allowAccountChange);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            ctx.out().printf("Open this link as the Constant Contact account owner of tenant '%s' (valid until %s, once):%n%n%s%n",
                    t, link.expiresAt(), link.url());
            ctx.out().printf("%nAfter approving, check the connection: cch status --tenant %s%n", t);
        }
        return ExitCodes.OK;
    }

    /** An absolute http or https URL with a host, else a usage error naming the option. */
    static URI httpUrl(CommandSpec spec, String option, String raw) {
        try {
            URI u = new URI(raw);
            if (("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new ParameterException(spec.commandLine(), option + " must be an absolute http(s) URL, got '" + raw + "'");
    }
}
