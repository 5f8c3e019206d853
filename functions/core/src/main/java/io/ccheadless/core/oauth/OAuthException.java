package io.ccheadless.core.oauth;

/**
 * A failure at CC's token endpoint. {@link #retryable()} says whether the same request may succeed
 * later (timeouts, 429, 5xx) — {@code invalid_grant} never is.
 */
public class OAuthException extends RuntimeException {
    private final int status;
    private final String error;
    private final boolean retryable;

    public OAuthException(String message, int status, String error, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
        this.retryable = retryable;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The OAuth {@code error} code, e.g. {@code invalid_grant}, or a local label such as {@code timeout}. */
    public String error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }

    /**
     * True when CC may have processed the request although nothing usable came back: no answer at all, or a 2xx
     * answer that could not be read. A refresh that ended so may have rotated the refresh token.
     */
    public boolean ambiguous() {
        return NO_RESPONSE.equals(error) || UNUSABLE_ANSWER.equals(error);
    }

    /** {@link #error()} for a 2xx answer with neither a usable access token nor a usable refresh token. */
    public static final String UNUSABLE_ANSWER = "unusable_answer";

    /** {@link #error()} when the request was sent and no answer came back (CC may have processed it). */
    public static final String NO_RESPONSE = "no_response";

    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
