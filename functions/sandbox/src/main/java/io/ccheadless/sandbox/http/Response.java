package io.ccheadless.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers. {@code dropConnection} closes the connection without writing anything;
 * {@code truncateTo} (when >= 0) announces the full length but writes only that many bytes, then closes.
 */
public record Response(int status, Map<String, String> headers, byte[] body, boolean dropConnection, int truncateTo) {
    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, Map.of("Content-Type", contentType), body, false, -1);
    }

    public static Response json(int status, byte[] body) {
        return of(status, "application/json", body);
    }

    public static Response html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static Response redirect(String location) {
        return new Response(302, Map.of("Location", location, "Cache-Control", "no-store"), new byte[0], false, -1);
    }

    public static Response noContent() {
        return new Response(204, Map.of(), new byte[0], false, -1);
    }

    /** Close the connection without an answer: the caller cannot tell whether its request took effect. */
    public static Response drop() {
        return new Response(500, Map.of(), new byte[0], true, -1);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, h, body, dropConnection, truncateTo);
    }

    public Response withBody(byte[] newBody) {
        return new Response(status, headers, newBody, dropConnection, truncateTo);
    }

    public Response truncatedTo(int bytes) {
        return new Response(status, headers, body, dropConnection, bytes);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
