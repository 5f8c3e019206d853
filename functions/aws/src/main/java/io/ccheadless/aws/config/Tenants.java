package io.ccheadless.aws.config;

import io.ccheadless.core.tenants.TenantKind;

import java.util.regex.Pattern;

/** Tenant ids appear in secret names, DynamoDB keys and URL paths: keep them to a safe alphabet. */
public final class Tenants {
    public static final String RULE = "1-64 characters of a-z, A-Z, 0-9, '-', '_'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Tenants() {
    }

    /** A partner tenant's id: {@code partner.} and CC's encoded account id (docs/tenants.md). */
    public static final String ANY_RULE = RULE + ", or partner.<encoded account id> for a partner tenant";

    /**
     * An OAuth tenant's id: what the connect paths, token vending and the CLI's --tenant accept. Never a partner
     * tenant's (the dot is outside this alphabet), so the two kinds cannot collide.
     */
    public static boolean valid(String tenant) {
        return tenant != null && VALID.matcher(tenant).matches();
    }

    /** An OAuth or a partner tenant's id: what a sync request and the campaigns API accept. */
    public static boolean validAny(String tenant) {
        if (valid(tenant)) {
            return true;
        }
        try {
            return tenant != null && TenantKind.of(tenant) == TenantKind.PARTNER && TenantKind.partnerAccount(tenant) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
