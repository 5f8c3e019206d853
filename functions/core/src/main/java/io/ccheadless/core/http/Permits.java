package io.ccheadless.core.http;

/** Something a request must take before it is sent: a slot under a rate limit, a request from a budget. */
@FunctionalInterface
public interface Permits {
    /**
     * Waits until the next request may be sent.
     *
     * @throws RuntimeException (the API's {@code BudgetExhaustedException}) when no request may be sent before the next UTC day
     */
    void acquire() throws InterruptedException;

    /** No limit at all (tests, and hosts nobody limits). */
    Permits NONE = () -> {
    };
}
