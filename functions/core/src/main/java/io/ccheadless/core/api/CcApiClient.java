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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * GET requests to CC's V3 API: bearer auth from {@link AccessTokens}, one retry after a 401 with a newer
 * token, backoff with jitter on 429/5xx/408, timeouts and unusable 2xx bodies (honouring Retry-After), the
 * 4 req/s gate, the daily {@link RequestBudget}, and a count of every request sent and every 429 received.
 * One client serves one run for one tenant; it is not shared between threads.
 */
public final class CcApiClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attempts per GET (all idempotent). Six attempts survive a 20% failure rate with odds of 1 in 15,625. */
    static final int MAX_ATTEMPTS = 6;
    static final int UNREACHABLE_ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    /** Requests taken from the daily budget at a time (unused ones go back on {@link #close()}). */
    static final int BUDGET_BLOCK = 10;

    private final HttpExchange http;
    private final String base;
    private final AccessTokens tokens;
    private final RateGate gate;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Instant deadline;
    private final RequestBudget budget;
    private final CcTransport transport;
    private final List<Instant> throttledAt = new ArrayList<>();
    private int requests;
    private int permits;
    private Instant permitsTakenAt;

    /** @param apiBase scheme and host, e.g. {@code https://api.cc.email}; paths start with {@code /v3/} */
    public CcApiClient(HttpExchange http, URI apiBase, AccessTokens tokens, RateGate gate, Clock clock, Sleeper sleeper,
                       RandomGenerator random, Instant deadline) {
        this(http, apiBase, tokens, gate, clock, sleeper, random, deadline, RequestBudget.UNLIMITED);
    }

    public CcApiClient(HttpExchange http, URI apiBase, AccessTokens tokens, RateGate gate, Clock clock, Sleeper sleeper,
                       RandomGenerator random, Instant deadline, RequestBudget budget) {
        this(http, apiBase, tokens, gate, clock, sleeper, random, deadline, budget, CcTransport.DIRECT);
    }

    /** A client whose GETs go over {@code transport} (the partner endpoints, say) instead of straight to CC. */
    public CcApiClient(HttpExchange http, URI apiBase, AccessTokens tokens, RateGate gate, Clock clock, Sleeper sleeper,
                       RandomGenerator random, Instant deadline, RequestBudget budget, CcTransport transport) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(apiBase, "apiBase").toString().replaceAll("/+$", "");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** HTTP requests sent so far, retries and 401 replays included (what CC counts against the limits). */
    public int requestsMade() {
        return requests;
    }

    /** When each 429 answer arrived (per-second throttling and daily quota alike). */
    public List<Instant> throttledAt() {
        return List.copyOf(throttledAt);
    }

    /** GET {@code pathAndQuery} (starting with {@code /v3/}, as CC's {@code _links.next.href} are) as JSON. */
    public JsonNode get(String pathAndQuery) {
        return get(pathAndQuery, body -> body);
    }

    /**
     * GET {@code pathAndQuery} and read the body with {@code reader}. A body that is not JSON, or that the
     * reader finds unusable, is retried like a 5xx.
     *
     * @throws BudgetExhaustedException when today's budget is spent or CC answers {@code quota_exceeded}
     * @throws CcApiException           when CC refuses (4xx) or keeps failing, or the deadline is near
     */
    public <T> T get(String pathAndQuery, BodyReader<T> reader) {
        Objects.requireNonNull(reader, "reader");
        if (!pathAndQuery.startsWith("/v3/")) {
            throw new CcApiException("refusing to follow a link outside /v3/: " + pathAndQuery, 0, false, null);
        }
        String path = pathOnly(pathAndQuery);
        AccessGrant grant = tokens.current();
        boolean reauthorized = false;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            HttpExchange.Response r;
            try {
                takePermit();
                gate.acquire();
                requests++;
                r = transport.send(http, base, pathAndQuery, grant.accessToken());
            } catch (HttpExchange.TransportException e) {
                // A refused connection is not a blip: give up sooner than on timeouts and dropped answers.
                if (attempt >= (e.maybeProcessed() ? MAX_ATTEMPTS : UNREACHABLE_ATTEMPTS)) {
                    throw new CcApiException("GET " + path + ": " + e.getMessage(), 0, true, null);
                }
                backoff = pause(backoff, null, path, "no response");
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
            String problem;
            if (r.ok()) {
                try {
                    return reader.read(parse(r.body()));
                } catch (UnusableResponseException e) {
                    problem = "an unusable body (" + e.getMessage() + ")";
                }
            } else if (r.status() == 429) {
                throttledAt.add(clock.instant());
                if ("quota_exceeded".equals(errorKey(r.body()))) {
                    throw new BudgetExhaustedException("Constant Contact answered 429 quota_exceeded: the API key's daily"
                            + " request limit is reached", clock.instant());
                }
                problem = "HTTP 429";
            } else if (r.status() >= 500 || r.status() == 408) {
                problem = "HTTP " + r.status();
            } else if (r.status() == 403) {
                throw CcApiException.forbidden(path, errorKey(r.body()), Privileges.required(path));
            } else {
                String key = errorKey(r.body());
                throw new CcApiException("GET " + path + " answered " + r.status() + (key.isEmpty() ? "" : " (" + key + ")"),
                        r.status(), false, null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new CcApiException("GET " + path + " kept failing: " + problem + " after " + attempt + " attempts",
                        r.ok() ? 200 : r.status(), true, null);
            }
            backoff = pause(backoff, r.status() == 429 ? r.retryAfter() : null, path, problem);
        }
    }

    /** Gives unused budget back. */
    @Override
    public void close() {
        if (permits > 0) {
            int unused = permits;
            permits = 0;
            budget.giveBack(unused, permitsTakenAt);
        }
    }

    private void takePermit() {
        if (permits == 0) {
            Instant now = clock.instant();
            int granted = budget.take(BUDGET_BLOCK, now);
            if (granted <= 0) {
                throw new BudgetExhaustedException("the daily request budget toward Constant Contact is spent", now);
            }
            permits = granted;
            permitsTakenAt = now;
        }
        permits--;
    }

    private Duration pause(Duration backoff, String retryAfter, String path, String problem) {
        Duration wait = backoff.dividedBy(2).plusMillis(random.nextLong(backoff.toMillis() / 2 + 1));
        Duration told = retryAfter(retryAfter);
        if (told != null) {
            wait = told.plusMillis(random.nextLong(251));   // at least what CC asked, plus jitter
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw new CcApiException("GET " + path + " kept failing (" + problem + ") and the deadline is near", 0, true, null);
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcApiException("interrupted", 0, true, e);
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Delta-seconds only; an HTTP-date or garbage means "use our own backoff". */
    public static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long s = Long.parseLong(header.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new UnusableResponseException("empty body");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnusableResponseException("not JSON");
        }
    }

    private static String errorKey(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode e = n != null && n.isArray() && !n.isEmpty() ? n.get(0) : n;
            return e != null && e.hasNonNull("error_key") ? e.get("error_key").asText() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /** The path without its query: cursors are opaque and may encode anything. */
    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }
}
