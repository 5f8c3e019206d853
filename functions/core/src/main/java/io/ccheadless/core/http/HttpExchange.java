package io.ccheadless.core.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place the core talks HTTP (JDK {@link HttpClient}). Answers a {@link Response} for every
 * status; a transport failure becomes {@link TransportException} with whether the request may have
 * been processed (a timeout after sending) or certainly was not (connection refused).
 */
public final class HttpExchange {
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Permits permits;

    public HttpExchange(HttpClient client, Duration requestTimeout) {
        this(client, requestTimeout, Permits.NONE);
    }

    private HttpExchange(HttpClient client, Duration requestTimeout, Permits permits) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.permits = Objects.requireNonNull(permits, "permits");
    }

    public static HttpExchange withDefaults(Duration requestTimeout) {
        return new HttpExchange(HttpClient.newBuilder()
                .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? requestTimeout : Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), requestTimeout);
    }

    /** The same client (connections, TLS sessions) with another bound per request. */
    public HttpExchange withTimeout(Duration requestTimeout) {
        return new HttpExchange(client, requestTimeout, permits);
    }

    /**
     * The same client, every request of which first takes a permit (the API key's rate governor): the wait is
     * not part of the request's bound, and a spent budget is thrown before anything is sent.
     */
    public HttpExchange governedBy(Permits permits) {
        return new HttpExchange(client, requestTimeout, permits);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends and reads the whole answer within {@link #requestTimeout()} in total (connecting included): the bound the
     * token protocol derives its lease from. A request still running then is cancelled and reported as a timeout.
     */
    public Response send(String method, URI uri, Map<String, String> headers, String body) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(method + " " + safe(uri) + " interrupted before it was sent", false, e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = call.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Location").orElse(null));
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new TransportException(method + " " + safe(uri) + " timed out after " + requestTimeout.toMillis() + " ms", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new TransportException(method + " " + safe(uri) + " timed out after " + requestTimeout.toMillis() + " ms", true, cause);
            }
            if (cause instanceof ConnectException) {
                throw new TransportException("cannot connect to " + safe(uri) + " (" + cause.getClass().getSimpleName() + ")", false, cause);
            }
            // The connection dropped after the request may have been sent: CC may have processed it.
            throw new TransportException(method + " " + safe(uri) + " failed: " + cause.getClass().getSimpleName(), true, cause);
        } catch (InterruptedException e) {
            call.cancel(true);
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
