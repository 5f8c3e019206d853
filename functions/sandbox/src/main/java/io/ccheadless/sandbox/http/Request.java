package io.ccheadless.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the sandbox's handlers see it: already read, immutable.
 *
 * @param headers header names in lower case
 */
public record Request(String method, String path, Params query, Map<String, List<String>> headers, byte[] body,
                      Map<String, String> pathParams) {
    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        pathParams = Map.copyOf(pathParams);
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** The form body when the request carries one, otherwise empty. */
    public Params form() {
        boolean isForm = header("content-type").map(ct -> ct.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")).orElse(false);
        return isForm ? Params.parse(new String(body, StandardCharsets.UTF_8)) : Params.EMPTY;
    }

    /** Form-body parameters, falling back to the query string (CC accepts OAuth parameters in either). */
    public Params formOrQuery() {
        return form().orElse(query);
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("no path parameter " + name);
        }
        return v;
    }

    public Request withPathParams(Map<String, String> params) {
        return new Request(method, path, query, headers, body, params);
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + path + "]"; // never the query, headers or body: they may hold secrets
    }
}
