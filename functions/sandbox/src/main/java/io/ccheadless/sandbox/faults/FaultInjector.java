package io.ccheadless.sandbox.faults;

import io.ccheadless.sandbox.auth.OktaErrors;
import io.ccheadless.sandbox.http.Handler;
import io.ccheadless.sandbox.http.Interceptor;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import io.ccheadless.sandbox.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Applies the {@link FaultRule} set for a route to each of its requests. Error draws come from a seeded random
 * source, so a run with the same seed and the same request order injects the same faults.
 */
public final class FaultInjector implements Interceptor {
    private static final ScopedValue<Boolean> DROPPING = ScopedValue.newInstance();

    private final Map<String, FaultRule> rules = new ConcurrentHashMap<>();
    private final Random random;
    private volatile BiConsumer<Route, Request> errorObserver = (r, q) -> { };

    public FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /** True inside a handler whose response will be dropped after it returns. */
    public static boolean responseWillBeDropped() {
        return DROPPING.isBound() && DROPPING.get();
    }

    /** Told of every request answered by an injected error (the handler never saw it). */
    public void onInjectedError(BiConsumer<Route, Request> observer) {
        this.errorObserver = Objects.requireNonNull(observer, "observer");
    }

    public void set(String route, FaultRule rule) {
        rules.put(Objects.requireNonNull(route, "route"), Objects.requireNonNull(rule, "rule"));
    }

    public void clear(String route) {
        rules.remove(route);
    }

    public void clearAll() {
        rules.clear();
    }

    public Map<String, FaultRule> rules() {
        return Map.copyOf(rules);
    }

    @Override
    public Response around(Route route, Request request, Handler next) {
        FaultRule rule = take(route.name());
        if (rule == null) {
            return next.handle(request);
        }
        if (!rule.latency().isZero()) {
            try {
                Thread.sleep(rule.latency());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (rule.errorRate() > 0 && random.nextDouble() < rule.errorRate()) {
            errorObserver.accept(route, request);
            return errorResponse(route, rule.errorStatus());
        }
        if (rule.dropAfterProcessing()) {
            ScopedValue.where(DROPPING, true).call(() -> next.handle(request));
            return Response.drop();
        }
        Response r = next.handle(request);
        return switch (rule.bodyFault()) {
            case NONE -> r;
            case MALFORMED -> r.withBody("{\"error_key\":\"<html>502 Bad Gateway".getBytes(StandardCharsets.UTF_8));
            case TRUNCATED -> r.truncatedTo(Math.max(1, r.body().length / 2));
        };
    }

    /** The rule for a route, counting one use of a limited rule. */
    private FaultRule take(String route) {
        FaultRule[] taken = new FaultRule[1];
        rules.computeIfPresent(route, (k, rule) -> {
            taken[0] = rule;
            if (rule.times() == -1) {
                return rule;
            }
            return rule.times() == 1 ? null : rule.times(rule.times() - 1);
        });
        return taken[0];
    }

    private static Response errorResponse(Route route, int status) {
        String body;
        if (route.api()) {
            body = status == 429 ? "{\"error_key\":\"throttled\",\"error_message\":\"Too Many Requests\"}"
                    : "[{\"error_key\":\"server_error\",\"error_message\":\"" + (status == 503
                    ? "Our internal service is temporarily unavailable." : "There was a problem with our internal service.")
                    + "\"}]";
        } else {
            body = status == 429 ? OktaErrors.RATE_LIMITED
                    : "{\"error\":\"server_error\",\"error_description\":\"The authorization server encountered an unexpected condition.\"}";
        }
        return Response.json(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
