package io.ccheadless.sandbox.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The scopes CC's authorization server knows (docs/cc-api.md §2.3). */
public final class Scopes {
    public static final String ACCOUNT_READ = "account_read";
    public static final String ACCOUNT_UPDATE = "account_update";
    public static final String CONTACT_DATA = "contact_data";
    public static final String CAMPAIGN_DATA = "campaign_data";
    public static final String BILLING_DATA = "billing_data";
    public static final String OFFLINE_ACCESS = "offline_access";
    public static final String PARTNER = "v3api/general.partner";

    public static final Set<String> USER_SCOPES = Set.of(ACCOUNT_READ, ACCOUNT_UPDATE, CONTACT_DATA, CAMPAIGN_DATA,
            BILLING_DATA, OFFLINE_ACCESS);

    private Scopes() {
    }

    /** Splits a scope parameter on spaces or literal '+' (CC's authorize URLs use '+'), keeping order. */
    public static Set<String> parse(String raw) {
        if (raw == null) {
            return Set.of();
        }
        return Arrays.stream(raw.trim().split("[ +]+")).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }
}
