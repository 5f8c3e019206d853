package io.ccheadless.core.token;

/**
 * No access token can be given. {@link #operatorAction()} says what a person should do, if anything.
 * Subclasses name the case; {@link #retryable()} tells a scheduler whether the next run may succeed by itself.
 */
public class TokenUnavailableException extends RuntimeException {
    private final String operatorAction;
    private final boolean retryable;

    public TokenUnavailableException(String message, String operatorAction, boolean retryable, Throwable cause) {
        super(message, cause);
        this.operatorAction = operatorAction;
        this.retryable = retryable;
    }

    public String operatorAction() {
        return operatorAction;
    }

    public boolean retryable() {
        return retryable;
    }

    public static String authorizeCommand(String tenant) {
        return "cch authorize --tenant " + tenant;
    }

    /** The tenant was never authorized. */
    public static NotConnected notConnected(String tenant) {
        return new NotConnected(tenant);
    }

    /** The tenant was never authorized (nothing to refresh; an operator authorizes it once). */
    public static final class NotConnected extends TokenUnavailableException {
        private NotConnected(String tenant) {
            super("tenant '" + tenant + "' is not connected to Constant Contact",
                    "authorize it once: " + authorizeCommand(tenant), false, null);
        }
    }

    /** CC refused the chain; a person must authorize again. */
    public static ReauthRequired reauthRequired(String tenant, String diagnosis) {
        return new ReauthRequired(tenant, diagnosis);
    }

    /** The chain is condemned (REAUTH_REQUIRED): nothing redeems until a person authorizes again. */
    public static final class ReauthRequired extends TokenUnavailableException {
        private ReauthRequired(String tenant, String diagnosis) {
            super("tenant '" + tenant + "' needs re-authorization: " + diagnosis, "re-authorize: " + authorizeCommand(tenant),
                    false, null);
        }
    }
}
