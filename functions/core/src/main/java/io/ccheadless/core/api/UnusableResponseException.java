package io.ccheadless.core.api;

/**
 * A 2xx answer whose body is JSON but not what the operation answers (a gateway error page in JSON, a missing
 * list). {@link CcApiClient} retries it like a 5xx: a malformed body must never be read as "no campaigns".
 */
public final class UnusableResponseException extends RuntimeException {
    public UnusableResponseException(String message) {
        super(message);
    }
}
