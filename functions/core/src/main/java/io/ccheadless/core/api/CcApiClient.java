package io.ccheadless.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.AccessGrant;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * GET requests to CC's V3 API: bearer auth from {@link AccessTokens}, one retry after a 401 with a newer
 * token, backoff with jitter on 429/5xx/timeouts (honouring Retry-After), the 4 req/s gate, and a
 * count of every request sent.
 */
public final class CcApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 4;

    private final HttpExchange http;
    private final String base;
    private final AccessTokens tokens;
    private final RateGate gate;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Instant deadline;
    private int requests;

    /** @param apiBase scheme and host, e.g. {@code https://api.cc.email}; paths start with {@code /v3/} */
    public CcApiClient(HttpExchange http, URI apiBase, AccessTokens tokens, RateGate gate, Clock clock, Sleeper sleeper,
                       RandomGenerator random, Instant deadline) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(apiBase, "apiBase").toString().replaceAll("/+$", "");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    public int requestsMade() {
        return requests;
    }

    /** GET {@code pathAndQuery} (starting with {@code /v3/}, as CC's {@code _links.next.href} are) as JSON. */
    public JsonNode get(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/v3/")) {
            throw new CcApiException("refusing to follow a link outside /v3/: " + pathAndQuery, 0, false, null);
        }
        URI uri = URI.create(base + pathAndQuery);
        AccessGrant grant = tokens.current();
        boolean reauthorized = false;
        Duration backoff = Duration.ofMillis(500);
        for (int attempt = 1; ; attempt++) {
            HttpExchange.Response r;
            try {
                gate.acquire();
                requests++;
                r = http.send("GET", uri, Map.of("Authorization", "Bearer " + grant.accessToken().reveal(),
                        "Accept", "application/json"), null);
            } catch (HttpExchange.TransportException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new CcApiException("GET " + pathAndQuery + ": " + e.getMessage(), 0, true, null);
                }
                backoff = pause(backoff, null, pathAndQuery, 0);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CcApiException("interrupted", 0, true, e);
            }
            if (r.status() == 401 && !reauthorized) {
                grant = tokens.afterRejection(grant.generation());
                reauthorized = true;
                continue;
            }
            if (r.ok()) {
                return parse(r.body(), pathAndQuery);
            }
            boolean retryable = r.status() == 429 || r.status() >= 500;
            if (!retryable || attempt >= MAX_ATTEMPTS) {
                throw new CcApiException("GET " + pathAndQuery + " answered " + r.status() + errorKey(r.body()), r.status(),
                        retryable, null);
            }
            backoff = pause(backoff, r.retryAfter(), pathAndQuery, r.status());
        }
    }

    private Duration pause(Duration backoff, String retryAfter, String path, int status) {
        Duration wait = backoff.dividedBy(2).plusMillis(random.nextLong(backoff.toMillis() / 2 + 1));
        if (retryAfter != null) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
            } catch (NumberFormatException ignored) {
                // an HTTP-date or garbage: keep our own backoff
            }
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw new CcApiException("GET " + path + " kept failing (" + (status == 0 ? "no response" : "HTTP " + status)
                    + ") and the deadline is near", status, true, null);
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcApiException("interrupted", 0, true, e);
        }
        return backoff.multipliedBy(2);
    }

    private static JsonNode parse(String body, String path) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new CcApiException("GET " + path + " answered an empty body", 200, true, null);
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CcApiException("GET " + path + " answered a body that is not JSON", 200, true, null);
        }
    }

    private static String errorKey(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode e = n != null && n.isArray() && !n.isEmpty() ? n.get(0) : n;
            return e != null && e.hasNonNull("error_key") ? " (" + e.get("error_key").asText() + ")" : "";
        } catch (Exception e) {
            return "";
        }
    }
}
