package io.ccheadless.core.connect;

import java.util.Objects;

/**
 * A connection that was refused before anything was stored. The message never holds a token: it names fields,
 * accounts and privileges only.
 */
public final class ConnectRefused extends RuntimeException {
    /** Why; each maps to one HTTP status for the callback and one exit status for the CLI. */
    public enum Reason {
        /** The token set handed in is not one (not JSON, a field missing or unusable). */
        MALFORMED_INPUT(400),
        /** CC answered 401 to the access token. */
        ACCESS_TOKEN_REJECTED(400),
        /** CC refused to redeem the refresh token ({@code invalid_grant}, or the client does not match). */
        REFRESH_TOKEN_REFUSED(400),
        /** The authorization belongs to another CC account than the tenant's, and no change was asked for. */
        ACCOUNT_CHANGED(409),
        /** The CC user who authorized lacks a privilege the sync needs. */
        MISSING_PRIVILEGE(403),
        /** CC or the token store could not be used; trying again may work. */
        UNAVAILABLE(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;
    private final String advice;

    public ConnectRefused(Reason reason, String message, String advice) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.advice = Objects.requireNonNull(advice, "advice");
    }

    public Reason reason() {
        return reason;
    }

    /** What the operator can do next. */
    public String advice() {
        return advice;
    }
}
