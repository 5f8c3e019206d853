package io.ccheadless.core.api;

/**
 * The user privilege each V3 operation we call requires, as CC's contract declares it in
 * {@code x-authorization-privileges} (docs/cc-api.md §1): a 403 names it, so an operator knows what to grant.
 */
final class Privileges {
    private Privileges() {
    }

    static String required(String path) {
        if (path.startsWith("/v3/reports/")) {
            return "ui:campaign:metrics";
        }
        if (path.startsWith("/v3/emails")) {
            return "campaign:read";
        }
        if (path.startsWith("/v3/account/")) {
            return "account:read";
        }
        return "unknown (see the operation in CC's API reference)";
    }
}
