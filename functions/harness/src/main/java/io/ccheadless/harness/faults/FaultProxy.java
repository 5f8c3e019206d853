package io.ccheadless.harness.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of one upstream (moto, the CC sandbox) that injects {@link Fault}s into
 * the requests its {@link FaultRule}s match, by {@code X-Amz-Target} (AWS JSON protocols) or by path. Everything
 * else is forwarded unchanged, so clients exercise their real retry, timeout and unmarshalling paths. It never
 * logs or keeps a body: bodies carry tokens.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Clock clock = Clock.systemUTC();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
    private final AtomicLong injected = new AtomicLong();

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** @param upstream e.g. moto's {@code http://127.0.0.1:PORT} */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, to use in place of the upstream's. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a rule after the existing ones (the first rule that applies wins). Answers it, for its counters. */
    public FaultRule add(FaultRule rule) {
        rules.add(Objects.requireNonNull(rule, "rule"));
        return rule;
    }

    public void remove(FaultRule rule) {
        rules.remove(rule);
    }

    public void clear() {
        rules.clear();
    }

    /** Requests seen for a target (an {@code X-Amz-Target} or a path), faulted or not. */
    public long seen(String target) {
        AtomicLong n = seen.get(target);
        return n == null ? 0 : n.get();
    }

    /** Requests seen per target. */
    public Map<String, Long> seen() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        seen.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Faults injected since start, over every rule. */
    public long injected() {
        return injected.get();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String target = amzTarget != null ? amzTarget : exchange.getRequestURI().getPath();
            seen.computeIfAbsent(target, k -> new AtomicLong()).incrementAndGet();
            String text = new String(body, StandardCharsets.UTF_8);
            FaultRule rule = null;
            for (FaultRule r : rules) {
                if (r.matches(target, text) && r.take(clock)) {
                    rule = r;
                    injected.incrementAndGet();
                    break;
                }
            }
            if (rule == null) {
                answer(exchange, forward(exchange, body));
                return;
            }
            apply(exchange, body, rule);
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(HttpExchange exchange, byte[] body, FaultRule rule) throws IOException, InterruptedException {
        switch (rule.fault()) {
            case Fault.Delay d -> {
                Thread.sleep(d.delay());
                Upstream u = forward(exchange, body);
                rule.forwardedOne();
                answer(exchange, u);
            }
            case Fault.Hold h -> {
                h.release().await(h.max().toMillis(), TimeUnit.MILLISECONDS);
                Upstream u = forward(exchange, body);
                rule.forwardedOne();
                answer(exchange, u);
            }
            case Fault.Stall s -> Thread.sleep(s.delay());   // then the exchange closes unanswered
            case Fault.Answer a -> {
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                byte[] b = a.bytes();
                exchange.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                }
            }
            case Fault.Reset r -> {
                if (r.afterForwarding()) {
                    forward(exchange, body);
                    rule.forwardedOne();
                }
                // closing the exchange before any header was sent closes the connection
            }
            case Fault.Truncate t -> {
                Upstream u = forward(exchange, body);
                rule.forwardedOne();
                copyHeaders(exchange, u);
                exchange.sendResponseHeaders(u.status(), Math.max(2, u.body().length));
                OutputStream out = exchange.getResponseBody();
                out.write(u.body(), 0, Math.max(1, u.body().length / 2));
                out.flush();
                // the exchange closes short of the announced length: the connection is dropped mid-answer
            }
            case Fault.Rewrite w -> {
                Upstream u = forward(exchange, body);
                rule.forwardedOne();
                byte[] b = w.rewrite().apply(new String(u.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                answer(exchange, new Upstream(u.status(), u.headers(), b));
            }
        }
    }

    private record Upstream(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private Upstream forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = URI.create(upstream.toString().replaceAll("/+$", "") + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(UPSTREAM_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
            }
        });
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Upstream(r.statusCode(), r.headers().map(), r.body());
    }

    private static void copyHeaders(HttpExchange exchange, Upstream u) {
        u.headers().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) || k.equalsIgnoreCase("date")) {
                exchange.getResponseHeaders().put(k, vs);
            }
        });
    }

    private static void answer(HttpExchange exchange, Upstream u) throws IOException {
        copyHeaders(exchange, u);
        boolean noBody = u.status() == 204 || u.status() == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(u.status(), noBody || u.body().length == 0 ? -1 : u.body().length);
        if (!noBody && u.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(u.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + uri() + " -> " + upstream + ", injected " + injected + "]";
    }
}
