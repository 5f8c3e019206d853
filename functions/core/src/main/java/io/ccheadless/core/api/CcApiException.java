package io.ccheadless.core.api;

/** A failed call to api.cc.email. Messages carry the path, status and CC's error_key — never a token. */
public final class CcApiException extends RuntimeException {
    private final int status;
    private final boolean retryable;
    private final String privilege;

    public CcApiException(String message, int status, boolean retryable, Throwable cause) {
        this(message, status, retryable, cause, null);
    }

    private CcApiException(String message, int status, boolean retryable, Throwable cause, String privilege) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.privilege = privilege;
    }

    /**
     * A 403: the token lacks the operation's scope, the authorizing user lacks its privilege, or the application is
     * deactivated (docs/cc-api.md §6.2). Never retried: the same request gets the same answer until someone changes
     * the user's role in CC.
     */
    static CcApiException forbidden(String path, String errorKey, String privilege) {
        return new CcApiException("GET " + path + " answered 403" + (errorKey.isEmpty() ? "" : " (" + errorKey + ")")
                + ": the connected CC user needs the '" + privilege + "' privilege (and the token its scope);"
                + " ask the account owner to grant it, then sync again", 403, false, null, privilege);
    }

    /** True for a 403: a missing privilege or scope, which no retry mends. */
    public boolean forbidden() {
        return status == 403;
    }

    /** The user privilege the refused operation requires, for a 403; null otherwise. */
    public String privilege() {
        return privilege;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
