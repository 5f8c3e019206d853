package io.ccheadless.core.token.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * CC's token endpoint behind a JDK {@link HttpClient}, so the real {@code OAuthClient} and {@code HttpExchange} parse
 * every answer, malformed 200s included. Each request is a yield point; its latency and fault are drawn from the
 * schedule's seed; a request still running at the token-call bound is answered with a timeout at the bound.
 */
final class SimHttpClient extends HttpClient {
    private final SimScheduler sched;
    private final SimFaults faults;
    private final SimCc cc;
    private final long boundMs;

    SimHttpClient(SimScheduler sched, SimFaults faults, SimCc cc, Duration tokenCallBound) {
        this.sched = sched;
        this.faults = faults;
        this.cc = cc;
        this.boundMs = tokenCallBound.toMillis();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        SimScheduler.Actor a = sched.current();
        sched.yieldPoint(null);
        String token = formField(bodyOf(request), "refresh_token");
        long start = sched.now();
        SimFaults.CcFault f = faults.cc(a.faultFree, sched.elapsed());
        switch (f) {
            case CONNECT_REFUSED -> {
                sched.blockFor(faults.between(1, 30));
                return failed(a, "cc.refresh → connection refused (not processed)", new ConnectException("refused"));
            }
            case TIMEOUT_UNPROCESSED -> {
                sched.blockUntil(start + boundMs);
                return failed(a, "cc.refresh → timeout at the bound (not processed)", new HttpTimeoutException("timed out"));
            }
            case UNAVAILABLE_503 -> {
                sched.blockFor(faults.between(5, 200));
                return answer(a, request, 503, "{\"error\":\"temporarily_unavailable\"}", "cc.refresh → 503 (not processed)");
            }
            case THROTTLED_429 -> {
                sched.blockFor(faults.between(5, 100));
                return answer(a, request, 429, "{\"error\":\"too_many_requests\"}", "cc.refresh → 429 (not processed)");
            }
            case SERVER_ERROR_500 -> {
                sched.blockFor(faults.between(5, 300));
                return answer(a, request, 500, "", "cc.refresh → 500 (not processed)");
            }
            default -> {
            }
        }
        sched.blockFor(f == SimFaults.CcFault.SLOW ? faults.between(800, boundMs - 1) : faults.between(20, 300));
        int presented = token == null ? -1 : cc.issueOfRefresh(token);
        SimCc.Issue issued = token == null ? null : cc.refresh(a.name, token, sched.now(), a.call.open && a.call.lookupFailed);
        String what = "cc.refresh cc#" + presented;
        if (issued == null) {
            String refusal = "invalid_grant (" + cc.lastRefusal + ")";
            return switch (f) {
                case LOST_ANSWER_TIMEOUT -> {
                    sched.blockUntil(start + boundMs);
                    yield failed(a, what + " → " + refusal + ", answer lost (timeout)", new HttpTimeoutException("timed out"));
                }
                case LOST_ANSWER_RESET -> failed(a, what + " → " + refusal + ", answer lost (reset)", new IOException("connection reset"));
                default -> answer(a, request, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is"
                        + " invalid or expired.\"}", what + " → " + refusal);
            };
        }
        what += " → issued cc#" + issued.index;
        boolean omitRefresh = !cc.rotating() && cc.omitLongLivedRefresh;
        String refresh = omitRefresh ? "" : ",\"refresh_token\":\"" + issued.refresh + "\"";
        String good = "{\"access_token\":\"" + issued.access + "\"" + refresh
                + ",\"token_type\":\"Bearer\",\"scope\":\"campaign_data offline_access\",\"expires_in\":86400}";
        String body = switch (f) {
            case LOST_ANSWER_TIMEOUT, LOST_ANSWER_RESET -> null;
            case NO_EXPIRES_IN -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"token_type\":\"Bearer\"}";
            case EXPIRES_IN_NOT_POSITIVE -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"expires_in\":"
                    + (faults.chance(0.5) ? "0" : "-3600") + "}";
            case EXPIRES_IN_HUGE -> "{\"access_token\":\"" + issued.access + "\"" + refresh + ",\"expires_in\":315360000}";
            case EMPTY_ACCESS_TOKEN -> "{\"access_token\":\"\"" + refresh + ",\"expires_in\":86400}";
            case NOT_JSON -> "<html><body>502 Bad Gateway</body></html>";
            case NEITHER_TOKEN -> "{\"token_type\":\"Bearer\",\"expires_in\":86400}";
            default -> good;
        };
        if (body == null) {
            issued.fate = SimCc.Fate.DROPPED;
            if (f == SimFaults.CcFault.LOST_ANSWER_TIMEOUT) {
                sched.blockUntil(start + boundMs);
                return failed(a, what + ", answer lost (timeout)", new HttpTimeoutException("timed out"));
            }
            return failed(a, what + ", answer lost (reset)", new IOException("connection reset"));
        }
        if (f == SimFaults.CcFault.NOT_JSON || f == SimFaults.CcFault.NEITHER_TOKEN
                || (f == SimFaults.CcFault.EMPTY_ACCESS_TOKEN && omitRefresh)) {
            issued.fate = SimCc.Fate.UNREADABLE;
        }
        if (f != SimFaults.CcFault.NONE && f != SimFaults.CcFault.SLOW) {
            issued.malformed = f.name();
            what += " (200 " + f.name().toLowerCase() + ")";
        }
        return answer(a, request, 200, body, what);
    }

    private <T> CompletableFuture<HttpResponse<T>> failed(SimScheduler.Actor a, String what, Throwable t) {
        sched.trace.step(sched.elapsed(), a.name, what);
        return CompletableFuture.failedFuture(t);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<HttpResponse<T>> answer(SimScheduler.Actor a, HttpRequest request, int status, String body,
                                                          String what) {
        sched.trace.step(sched.elapsed(), a.name, what);
        return CompletableFuture.completedFuture((HttpResponse<T>) response(request, status, body));
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The request body; the JDK's string publisher delivers synchronously on the subscribing thread. */
    private static String bodyOf(HttpRequest request) {
        HttpRequest.BodyPublisher p = request.bodyPublisher().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] done = new boolean[1];
        p.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.write(bytes, 0, bytes.length);
            }

            @Override
            public void onError(Throwable t) {
                done[0] = true;
            }

            @Override
            public void onComplete() {
                done[0] = true;
            }
        });
        if (!done[0]) {
            throw new IllegalStateException("the request body was not delivered synchronously");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> response(HttpRequest request, int status, String body) {
        HttpHeaders h = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (x, y) -> true);
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
    public <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> h) {
        throw new UnsupportedOperationException("HttpExchange sends through sendAsync");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h,
                                                            HttpResponse.PushPromiseHandler<T> p) {
        throw new UnsupportedOperationException("no push promises");
    }

    @Override public Optional<CookieHandler> cookieHandler() { return Optional.empty(); }
    @Override public Optional<Duration> connectTimeout() { return Optional.of(Duration.ofMillis(boundMs)); }
    @Override public Redirect followRedirects() { return Redirect.NEVER; }
    @Override public Optional<ProxySelector> proxy() { return Optional.empty(); }
    @Override public SSLContext sslContext() { return null; }
    @Override public SSLParameters sslParameters() { return new SSLParameters(); }
    @Override public Optional<Authenticator> authenticator() { return Optional.empty(); }
    @Override public Version version() { return Version.HTTP_1_1; }
    @Override public Optional<Executor> executor() { return Optional.empty(); }
}
