package io.ccheadless.sandbox.api;

import java.util.Objects;

/**
 * A V3 API operation: method, path below {@code /v3} (e.g. {@code /emails/{campaign_id}}), route name, the
 * scope it needs, the user privilege CC's contract declares for it ({@code x-authorization-privileges}; empty when
 * none), and its handler. The same table serves HTTP and the partner pass-through.
 */
public record ApiRoute(String method, String template, String name, String scope, String privilege, ApiHandler handler) {
    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(handler, "handler");
    }

    public ApiRoute(String method, String template, String name, String scope, ApiHandler handler) {
        this(method, template, name, scope, "", handler);
    }
}
