package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.http.Response;

/** Answers an admitted API call. */
@FunctionalInterface
public interface ApiHandler {
    Response handle(ApiCall call);
}
