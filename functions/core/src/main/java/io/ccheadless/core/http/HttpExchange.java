package io.ccheadless.core.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The one place the core talks HTTP, through a {@link Transport} ({@link UrlConnectionTransport} in production).
 * Answers a {@link Response} for every status; a transport failure becomes {@link TransportException} with whether
 * the request may have been processed (a timeout or a broken connection after sending) or certainly was not
 * (connection refused, no route, unknown host).
 */
public final class HttpExchange {
    private final Transport transport;
    private final Duration requestTimeout;
    private final Permits permits;

    public HttpExchange(Transport transport, Duration requestTimeout) {
        this(transport, requestTimeout, Permits.NONE);
    }

    private HttpExchange(Transport transport, Duration requestTimeout, Permits permits) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.permits = Objects.requireNonNull(permits, "permits");
    }

    /** Over the container's one {@link UrlConnectionTransport}. */
    public static HttpExchange withDefaults(Duration requestTimeout) {
        return new HttpExchange(UrlConnectionTransport.INSTANCE, requestTimeout);
    }

    /** The same transport (connections, TLS sessions) with another bound per request. */
    public HttpExchange withTimeout(Duration requestTimeout) {
        return new HttpExchange(transport, requestTimeout, permits);
    }

    /**
     * The same transport, every request of which first takes a permit (the API key's rate governor): the wait is
     * not part of the request's bound, and a spent budget is thrown before anything is sent.
     */
    public HttpExchange governedBy(Permits permits) {
        return new HttpExchange(transport, requestTimeout, permits);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends and reads the whole answer within {@link #requestTimeout()} in total (connecting included): the bound the
     * token protocol derives its lease from. A request still running then is abandoned and reported as a timeout.
     */
    public Response send(String method, URI uri, Map<String, String> headers, String body) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(method + " " + safe(uri) + " interrupted before it was sent", false, e);
        }
        try {
            return transport.exchange(method, uri, headers, body, requestTimeout);
        } catch (SocketTimeoutException e) {
            throw new TransportException(method + " " + safe(uri) + " timed out after " + requestTimeout.toMillis() + " ms", true, e);
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            throw new TransportException("cannot connect to " + safe(uri) + " (" + e.getClass().getSimpleName() + ")", false, e);
        } catch (IOException e) {
            // The connection dropped after the request may have been sent: CC may have processed it.
            throw new TransportException(method + " " + safe(uri) + " failed: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(method + " " + safe(uri) + " interrupted", true, e);
        }
    }

    /** Scheme, host, port and path only: query strings may carry codes. */
    public static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    public record Response(int status, String body, String retryAfter, String location) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** No HTTP answer. {@code maybeProcessed}: the request may have reached the server. */
    public static final class TransportException extends RuntimeException {
        private final boolean maybeProcessed;

        public TransportException(String message, boolean maybeProcessed, Throwable cause) {
            super(message, cause);
            this.maybeProcessed = maybeProcessed;
        }

        public boolean maybeProcessed() {
            return maybeProcessed;
        }
    }
}
