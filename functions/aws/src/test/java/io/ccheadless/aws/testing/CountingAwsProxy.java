package io.ccheadless.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through in front of moto that counts the AWS JSON-protocol operations it forwards, by their
 * {@code X-Amz-Target} header (e.g. {@code DynamoDB_20120810.DeleteItem}): point a packaged function's
 * AWS_ENDPOINT_URL at {@link #endpoint()} to see which AWS calls it made. Bodies and answers are
 * forwarded unchanged; moto does not check signatures, so the changed Host header does not matter.
 */
public final class CountingAwsProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    private CountingAwsProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::forward);
        server.start();
    }

    public static CountingAwsProxy to(String motoEndpoint) throws IOException {
        return new CountingAwsProxy(URI.create(motoEndpoint));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many calls of {@code target} (an X-Amz-Target value) were forwarded since the last {@link #reset}. */
    public int count(String operation) {
        AtomicInteger n = counts.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Every operation forwarded since the last reset, with its count. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public void reset() {
        counts.clear();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String op = ex.getRequestHeaders().getFirst("X-Amz-Target");
            counts.computeIfAbsent(op == null ? ex.getRequestMethod() + " " + ex.getRequestURI().getPath() : op,
                    k -> new AtomicInteger()).incrementAndGet();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    for (String v : h.getValue()) {
                        b.header(h.getKey(), v);
                    }
                }
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, vs) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
