package io.ccheadless.core.tenants;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a tenant reaches CC. {@link #OAUTH}: its own refresh-token chain (the callback, the device flow, an import).
 * {@link #PARTNER}: a managed client account of the stack's technology partner, read through the pass-through with
 * the partner JWT; no chain at all. A partner tenant's id is {@code partner.<encoded_account_id>}: the dot is outside
 * the alphabet an OAuth tenant id may use, so the two kinds can never collide on a key (docs/tenants.md).
 */
public enum TenantKind {
    OAUTH,
    PARTNER;

    public static final String PARTNER_PREFIX = "partner.";
    /** CC's encoded account ids are short and alphanumeric; this also keeps them safe in keys and paths. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,56}");

    public static TenantKind of(String tenant) {
        return tenant.startsWith(PARTNER_PREFIX) ? PARTNER : OAUTH;
    }

    /** Whether {@code encodedAccountId} can name a partner tenant. */
    public static boolean validAccountId(String encodedAccountId) {
        return encodedAccountId != null && ACCOUNT_ID.matcher(encodedAccountId).matches();
    }

    /** The tenant id of a managed account. */
    public static String partnerTenant(String encodedAccountId) {
        if (!validAccountId(encodedAccountId)) {
            throw new IllegalArgumentException("not a usable encoded account id (1-56 of a-z, A-Z, 0-9, '-', '_')");
        }
        return PARTNER_PREFIX + encodedAccountId;
    }

    /** The encoded account id a partner tenant id names. */
    public static String partnerAccount(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        String id = tenant.startsWith(PARTNER_PREFIX) ? tenant.substring(PARTNER_PREFIX.length()) : "";
        if (!validAccountId(id)) {
            throw new IllegalArgumentException("'" + tenant + "' is not a partner tenant id (partner.<encoded account id>)");
        }
        return id;
    }
}
