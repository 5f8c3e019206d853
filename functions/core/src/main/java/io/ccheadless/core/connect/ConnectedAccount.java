package io.ccheadless.core.connect;

import java.util.Objects;

/**
 * The CC account an access token reaches, as {@code /v3/account/summary} names it.
 *
 * @param encodedAccountId CC's opaque account id, the identity a connection is guarded by
 * @param organizationName for people; may be empty
 */
public record ConnectedAccount(String encodedAccountId, String organizationName) {
    public ConnectedAccount {
        Objects.requireNonNull(encodedAccountId, "encodedAccountId");
        Objects.requireNonNull(organizationName, "organizationName");
        if (encodedAccountId.isBlank()) {
            throw new IllegalArgumentException("encodedAccountId is blank");
        }
    }

    /** {@code 'Riverside Coffee Roasters' (a07e1lwvtuw0)}, or the id alone when the account has no name. */
    public String label() {
        return organizationName.isBlank() ? encodedAccountId : "'" + organizationName + "' (" + encodedAccountId + ")";
    }
}
