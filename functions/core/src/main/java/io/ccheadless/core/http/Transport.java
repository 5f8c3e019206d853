package io.ccheadless.core.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request on the wire, answered whole or failed: what {@link HttpExchange} sends through. In production
 * {@link UrlConnectionTransport}; tests put fault injectors and the token simulation's CC here.
 * <p>
 * How a failure is told matters to the token protocol (docs/token-lifecycle.md, "lost answers"): an implementation
 * throws {@link java.net.ConnectException}, {@link java.net.NoRouteToHostException} or
 * {@link java.net.UnknownHostException} only when nothing was sent; {@link java.net.SocketTimeoutException} when no
 * whole answer came within {@code timeout} (the request may have been processed); any other {@link IOException} when
 * the exchange failed once the request may have reached the server.
 */
@FunctionalInterface
public interface Transport {
    /**
     * Sends {@code body} (null: none) and reads the whole answer within {@code timeout} in total, connecting included;
     * answers every status. Follows no redirect.
     */
    HttpExchange.Response exchange(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException;
}
