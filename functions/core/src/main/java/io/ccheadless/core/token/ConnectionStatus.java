package io.ccheadless.core.token;

/** Whether a tenant's token chain is usable. */
public enum ConnectionStatus {
    /** Tokens are stored and refreshable. */
    ACTIVE,
    /** CC refused the newest refresh token: a person must authorize again. Nothing redeems until then. */
    REAUTH_REQUIRED
}
