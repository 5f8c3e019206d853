package io.ccheadless.aws.config;

import java.util.regex.Pattern;

/** Tenant ids appear in secret names and DynamoDB keys: keep them to a safe alphabet. */
public final class Tenants {
    public static final String RULE = "1-64 characters of a-z, A-Z, 0-9, '-', '_'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Tenants() {
    }

    public static boolean valid(String tenant) {
        return tenant != null && VALID.matcher(tenant).matches();
    }
}
