package io.ccheadless.sandbox.api;

/** HAL-style {@code _links} with a {@code next.href} relative to the host, starting with {@code /v3/}. */
public record Links(Link next) {
    public record Link(String href) {
    }

    public static Links next(String href) {
        return new Links(new Link(href));
    }
}
