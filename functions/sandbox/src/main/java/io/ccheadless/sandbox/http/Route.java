package io.ccheadless.sandbox.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One route: method, path template with {@code {name}} segments, a name for counters and faults, and
 * whether it is part of the V3 API (counted in {@code totalApiRequests}).
 */
public record Route(String method, PathTemplate path, String name, boolean api, Handler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }

    public Route(String method, String template, String name, boolean api, Handler handler) {
        this(method, new PathTemplate(template), name, api, handler);
    }

    public Optional<Map<String, String>> match(String rawPath) {
        return path.match(rawPath);
    }
}
