package io.ccheadless.core.campaigns.testing;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} in front of the real one that spoils a seeded share of {@code /v3/} calls the way CC's
 * edge does: 500/503 error arrays, 429 {@code throttled} (half with {@code Retry-After: 1}), timeouts (half of
 * them after the request reached the server) and 200 answers with a malformed body. Deterministic for a seed and
 * a request order. The sandbox's own fault rules apply one kind per route; this mixes them on every route.
 */
public final class FaultyCcTransport extends HttpClient {
    public enum Fault { SERVER_ERROR, UNAVAILABLE, THROTTLED, TIMEOUT, MALFORMED }

    private final HttpClient real;
    private final double rate;
    private final Random random;
    private final Map<Fault, AtomicInteger> injected = new java.util.EnumMap<>(Fault.class);

    public FaultyCcTransport(HttpClient real, double rate, long seed) {
        this.real = real;
        this.rate = rate;
        this.random = new Random(seed);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
    }

    private int outageFrom = -1;
    private int outageCount;
    private int apiCalls;

    /** From the {@code from}-th {@code /v3/} call on (1-based), {@code count} calls in a row answer 503. */
    public synchronized void outage(int from, int count) {
        this.outageFrom = from;
        this.outageCount = count;
    }

    public synchronized int apiCalls() {
        return apiCalls;
    }

    public int injected(Fault f) {
        return injected.get(f).get();
    }

    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Fault fault = null;
        boolean afterProcessing;
        synchronized (this) {
            if (request.uri().getPath().startsWith("/v3/")) {
                apiCalls++;
                if (outageFrom > 0 && apiCalls >= outageFrom && apiCalls < outageFrom + outageCount) {
                    fault = Fault.UNAVAILABLE;
                } else if (random.nextDouble() < rate) {
                    fault = Fault.values()[random.nextInt(Fault.values().length)];
                }
            }
            afterProcessing = random.nextBoolean();
        }
        if (fault == null) {
            return real.send(request, handler);
        }
        injected.get(fault).incrementAndGet();
        return switch (fault) {
            case SERVER_ERROR -> (HttpResponse<T>) fake(request, 500,
                    "[{\"error_key\":\"server_error\",\"error_message\":\"There was a problem with our internal service.\"}]", Map.of());
            case UNAVAILABLE -> (HttpResponse<T>) fake(request, 503,
                    "[{\"error_key\":\"server_error\",\"error_message\":\"Our internal service is temporarily unavailable.\"}]", Map.of());
            case THROTTLED -> (HttpResponse<T>) fake(request, 429, "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}",
                    afterProcessing ? Map.of("Retry-After", List.of("1")) : Map.of());
            case TIMEOUT -> {
                if (afterProcessing) {
                    real.send(request, HttpResponse.BodyHandlers.discarding());
                }
                throw new HttpTimeoutException("request timed out");
            }
            case MALFORMED -> {
                HttpResponse<String> r = real.send(request, HttpResponse.BodyHandlers.ofString());
                String body = r.statusCode() == 200 ? (afterProcessing ? "{\"error_key\":\"<html>502 Bad Gateway"
                        : "{\"bulk_email_campaign_summaries\": {\"oops\": 1}, \"campaigns\": \"n/a\"}") : r.body();
                yield (HttpResponse<T>) fake(request, r.statusCode(), body, Map.of());
            }
        };
    }

    private static HttpResponse<String> fake(HttpRequest request, int status, String body, Map<String, List<String>> headers) {
        Map<String, List<String>> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", List.of("application/json"));
        HttpHeaders h = HttpHeaders.of(all, (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() { return status; }
            public HttpRequest request() { return request; }
            public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
            public HttpHeaders headers() { return h; }
            public String body() { return body; }
            public Optional<SSLSession> sslSession() { return Optional.empty(); }
            public URI uri() { return request.uri(); }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h) {
        // The CC client bounds each request in total through the future; the faults are those of send().
        CompletableFuture<HttpResponse<T>> f = new CompletableFuture<>();
        try {
            f.complete(send(r, h));
        } catch (IOException | RuntimeException e) {
            f.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h,
                                                            HttpResponse.PushPromiseHandler<T> p) {
        throw new UnsupportedOperationException("the CC client sends synchronously");
    }

    @Override public Optional<CookieHandler> cookieHandler() { return real.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return real.connectTimeout(); }
    @Override public Redirect followRedirects() { return real.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return real.proxy(); }
    @Override public SSLContext sslContext() { return real.sslContext(); }
    @Override public SSLParameters sslParameters() { return real.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return real.authenticator(); }
    @Override public Version version() { return real.version(); }
    @Override public Optional<Executor> executor() { return real.executor(); }
}
