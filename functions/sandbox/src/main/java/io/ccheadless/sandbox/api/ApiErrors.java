package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.http.Response;
import java.nio.charset.StandardCharsets;

/** CC's API error bodies (docs/cc-api.md §6.2): objects for 401/429, arrays of {error_key, error_message} otherwise. */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static Response unauthorized() {
        return Response.json(401, "{\"error_key\":\"unauthorized\",\"error_message\":\"Unauthorized\"}"
                .getBytes(StandardCharsets.UTF_8)).withHeader("WWW-Authenticate", "Bearer realm=api.cc.email");
    }

    public static Response throttled() {
        return Response.json(429, "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    public static Response quotaExceeded() {
        return Response.json(429, "{\"error_key\":\"quota_exceeded\",\"error_message\":\"Limit Exceeded\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    public static Response forbidden(String message) {
        return array(403, "forbidden", message);
    }

    public static Response badRequest(String message) {
        return array(400, "query.param.invalid", message);
    }

    public static Response notFound(String key, String message) {
        return array(404, key, message);
    }

    public static Response array(int status, String key, String message) {
        String body = "[{\"error_key\":\"" + escape(key) + "\",\"error_message\":\"" + escape(message) + "\"}]";
        return Response.json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
