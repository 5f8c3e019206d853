package io.ccheadless.sandbox;

/** What became of one {@code grant_type=refresh_token} request. */
public enum RedemptionOutcome {
    /** A token set was issued and sent back. */
    SUCCEEDED,
    /** A token set was issued (the rotation took effect) but the sandbox dropped the response on purpose. */
    SUCCEEDED_RESPONSE_DROPPED,
    /** 400 {@code invalid_grant}: unknown, reused, revoked or idle-expired token, or another client's token. */
    INVALID_GRANT,
    /** 401 {@code invalid_client}: the client did not authenticate. */
    INVALID_CLIENT,
    /** 400 {@code invalid_request}: the refresh_token parameter was missing. */
    INVALID_REQUEST,
    /** 429: the token endpoint's rate limit refused it before it was looked at. */
    RATE_LIMITED,
    /** An injected 5xx/429 fault answered before the token was looked at. */
    FAULT_INJECTED;

    public boolean issued() {
        return this == SUCCEEDED || this == SUCCEEDED_RESPONSE_DROPPED;
    }
}
