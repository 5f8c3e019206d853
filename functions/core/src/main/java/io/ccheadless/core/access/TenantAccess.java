package io.ccheadless.core.access;

import java.util.Objects;

/** Decides whether a caller of the internal API may read a tenant: its canonical principal must hold a grant. */
public final class TenantAccess {
    private final CallerGrants grants;

    public TenantAccess(CallerGrants grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /** The answer for one request; {@code reason} says, without secrets, why a request was refused. */
    public record Decision(boolean allowed, String principal, String reason) {
    }

    public Decision check(String callerArn, String tenant) {
        var principal = Principals.canonical(callerArn);
        if (principal.isEmpty()) {
            return new Decision(false, null, "the caller is not an IAM role or user, so it can hold no tenant grant");
        }
        String p = principal.get();
        if (!grants.tenantsOf(p).contains(tenant)) {
            return new Decision(false, p, "principal " + p + " is not granted tenant '" + tenant + "'; an operator can run: "
                    + grantCommand(p, tenant));
        }
        return new Decision(true, p, null);
    }

    public static String grantCommand(String principal, String tenant) {
        return "cch access grant --principal " + principal + " --tenant " + tenant;
    }
}
