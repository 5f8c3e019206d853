package io.ccheadless.cli;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.config.Tenants;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --tenant T}: checked against the tenant rule while parsing; absent, the deployment's DEFAULT_TENANT. */
final class TenantOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private String tenant;

    @Option(names = "--tenant", paramLabel = "T",
            description = "the tenant (one Constant Contact account): " + Tenants.RULE + ". Default: DEFAULT_TENANT, else 'default'.")
    void tenant(String t) {
        if (!Tenants.valid(t)) {
            throw new ParameterException(spec.commandLine(), "--tenant must be " + Tenants.RULE + ", got '" + t + "'");
        }
        tenant = t;
    }

    String resolve(Settings s) {
        String t = tenant != null ? tenant : s.defaultTenant();
        if (!Tenants.valid(t)) {
            throw new UsageException("DEFAULT_TENANT must be " + Tenants.RULE + ", got '" + t + "'");
        }
        return t;
    }
}
