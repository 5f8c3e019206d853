package io.ccheadless.core.campaigns.testing;

import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.http.Transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} in front of the real one that spoils a seeded share of {@code /v3/} calls the way CC's
 * edge does: 500/503 error arrays, 429 {@code throttled} (half with {@code Retry-After: 1}), timeouts (half of
 * them after the request reached the server) and 200 answers with a malformed body. Deterministic for a seed and
 * a request order. The sandbox's own fault rules apply one kind per route; this mixes them on every route.
 */
public final class FaultyCcTransport implements Transport {
    public enum Fault { SERVER_ERROR, UNAVAILABLE, THROTTLED, TIMEOUT, MALFORMED }

    private final Transport real;
    private final double rate;
    private final Random random;
    private final Map<Fault, AtomicInteger> injected = new java.util.EnumMap<>(Fault.class);

    public FaultyCcTransport(Transport real, double rate, long seed) {
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
    public HttpExchange.Response exchange(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        Fault fault = null;
        boolean afterProcessing;
        synchronized (this) {
            if (uri.getPath().startsWith("/v3/")) {
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
            return real.exchange(method, uri, headers, body, timeout);
        }
        injected.get(fault).incrementAndGet();
        return switch (fault) {
            case SERVER_ERROR -> new HttpExchange.Response(500,
                    "[{\"error_key\":\"server_error\",\"error_message\":\"There was a problem with our internal service.\"}]", null, null);
            case UNAVAILABLE -> new HttpExchange.Response(503,
                    "[{\"error_key\":\"server_error\",\"error_message\":\"Our internal service is temporarily unavailable.\"}]", null, null);
            case THROTTLED -> new HttpExchange.Response(429, "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}",
                    afterProcessing ? "1" : null, null);
            case TIMEOUT -> {
                if (afterProcessing) {
                    real.exchange(method, uri, headers, body, timeout);
                }
                throw new SocketTimeoutException("request timed out");
            }
            case MALFORMED -> {
                HttpExchange.Response r = real.exchange(method, uri, headers, body, timeout);
                String spoiled = r.status() == 200 ? (afterProcessing ? "{\"error_key\":\"<html>502 Bad Gateway"
                        : "{\"bulk_email_campaign_summaries\": {\"oops\": 1}, \"campaigns\": \"n/a\"}") : r.body();
                yield new HttpExchange.Response(r.status(), spoiled, r.retryAfter(), r.location());
            }
        };
    }
}
