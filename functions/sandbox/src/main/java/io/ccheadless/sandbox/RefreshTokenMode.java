package io.ccheadless.sandbox;

/** How the sandbox's authorization server treats refresh tokens (CC calls this the app's "refresh token type"). */
public enum RefreshTokenMode {
    /** Each refresh token works once; a successful refresh kills every earlier token of the chain at once. */
    ROTATING_STRICT,
    /** Rotating, but the previous token keeps working for {@link SandboxConfig#graceWindow()} after it was rotated. */
    ROTATING_GRACE,
    /** Rotating; presenting an already-used token (outside any grace window) revokes the whole chain, newest included. */
    ROTATING_FAMILY_REVOCATION,
    /** The same refresh token value comes back on every refresh; it stays valid while used at least every 180 days. */
    LONG_LIVED,
    /** Long-lived, but the refresh response omits {@code refresh_token}: the caller keeps the one it has. */
    LONG_LIVED_OMIT;

    public boolean rotating() {
        return this == ROTATING_STRICT || this == ROTATING_GRACE || this == ROTATING_FAMILY_REVOCATION;
    }
}
