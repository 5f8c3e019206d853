package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.config.Tenants;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --tenant T} of a command that serves both kinds of tenant ({@code cch sync}): an OAuth tenant as
 * {@link TenantOption} takes it, or a partner tenant, {@code partner.<encoded account id>} (docs/tenants.md); absent,
 * the deployment's DEFAULT_TENANT.
 */
final class AnyTenantOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private String tenant;

    @Option(names = "--tenant", paramLabel = "T",
            description = "the tenant (one Constant Contact account): " + Tenants.ANY_RULE
                    + ". Default: DEFAULT_TENANT, else 'default'.")
    void tenant(String t) {
        if (!Tenants.validAny(t)) {
            throw new ParameterException(spec.commandLine(), "--tenant must be " + Tenants.ANY_RULE + ", got '" + t + "'");
        }
        tenant = t;
    }

    String resolve(Settings s) {
        return tenant != null ? tenant : new TenantOption().resolve(s);
    }
}
