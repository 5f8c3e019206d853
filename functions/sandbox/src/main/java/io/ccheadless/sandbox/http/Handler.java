package io.ccheadless.sandbox.http;

/** Answers one request. Implementations must be thread-safe. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
