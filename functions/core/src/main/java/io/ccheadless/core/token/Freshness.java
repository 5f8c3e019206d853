package io.ccheadless.core.token;

/** How usable the current access token is at a given instant. */
public enum Freshness {
    /** Valid and outside the refresh-ahead window: use it. */
    FRESH,
    /** Valid, but inside the refresh-ahead window: use it, and refresh if the lease is free. */
    STALE,
    /** Expired, or too close to expiry to send: a refresh must happen before use. */
    EXPIRED
}
