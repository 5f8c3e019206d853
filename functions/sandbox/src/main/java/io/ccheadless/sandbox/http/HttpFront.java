package io.ccheadless.sandbox.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ccheadless.sandbox.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JDK HTTP server on 127.0.0.1, routing each request to a {@link Route} through an {@link Interceptor}.
 * Unknown paths get 404, known paths with the wrong method 405 with {@code Allow}; a handler that throws gets a plain 500.
 */
public final class HttpFront implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final List<Route> routes;
    private final Interceptor interceptor;
    private final Metrics metrics;
    private final HttpServer server;
    private final ExecutorService executor;

    public HttpFront(int port, List<Route> routes, Interceptor interceptor, Metrics metrics) throws IOException {
        this.routes = List.copyOf(routes);
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Response dispatch(Request request) {
        Optional<Map.Entry<Route, Map<String, String>>> match = find(request.method(), request.path());
        if (match.isEmpty()) {
            return notFoundOrMethod(request);
        }
        Route route = match.get().getKey();
        metrics.request(route.name(), route.api());
        Request routed = request.withPathParams(match.get().getValue());
        return interceptor.around(route, routed, route.handler());
    }

    private Optional<Map.Entry<Route, Map<String, String>>> find(String method, String path) {
        for (Route r : routes) {
            if (r.method().equals(method)) {
                Optional<Map<String, String>> p = r.match(path);
                if (p.isPresent()) {
                    return Optional.of(Map.entry(r, p.get()));
                }
            }
        }
        return Optional.empty();
    }

    private Response notFoundOrMethod(Request request) {
        // RFC 9110 §15.5.6: a 405 names the methods the resource does support
        String allowed = routes.stream().filter(r -> r.match(request.path()).isPresent()).map(Route::method).distinct()
                .sorted().collect(java.util.stream.Collectors.joining(", "));
        if (!allowed.isEmpty()) {
            return Response.json(405, "[{\"error_key\":\"method_not_allowed\",\"error_message\":\"Method Not Allowed\"}]"
                    .getBytes(StandardCharsets.UTF_8)).withHeader("Allow", allowed);
        }
        return Response.json(404, "[{\"error_key\":\"not_found\",\"error_message\":\"The requested resource was not found.\"}]"
                .getBytes(StandardCharsets.UTF_8));
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Response response;
            try {
                response = dispatch(read(exchange));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "handler failed for " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath() + ": " + e.getClass().getSimpleName());
                response = Response.json(500, "[{\"error_key\":\"server_error\",\"error_message\":\"There was a problem with our internal service.\"}]"
                        .getBytes(StandardCharsets.UTF_8));
            }
            write(exchange, response);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY);
        }
        URI uri = exchange.getRequestURI();
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri.getRawPath() == null ? "/" : uri.getRawPath(),
                Params.parse(uri.getRawQuery()), headers, body, Map.of());
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        if (response.dropConnection()) {
            return; // closing the exchange before any header was sent closes the connection
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        boolean noBody = response.status() == 204 || response.status() == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody || body.length == 0 ? -1 : body.length);
        if (!noBody && body.length > 0) {
            OutputStream out = exchange.getResponseBody();
            int n = response.truncateTo() >= 0 ? Math.min(response.truncateTo(), body.length) : body.length;
            out.write(body, 0, n);
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
