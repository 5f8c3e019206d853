package io.ccheadless.core.api;

import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Sleeper;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Builds {@link CcApiClient}s that share one HTTP client and one rate gate per process. */
public final class CcApi {
    private final HttpExchange http;
    private final URI apiBase;
    private final RateGate gate;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public CcApi(HttpExchange http, URI apiBase, int requestsPerSecond, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this(http, apiBase, new RateGate(requestsPerSecond, clock, sleeper), clock, sleeper, random);
    }

    public CcApi(HttpExchange http, URI apiBase, RateGate gate, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.http = Objects.requireNonNull(http, "http");
        this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public CcApiClient client(AccessTokens tokens, Instant deadline) {
        return client(tokens, deadline, RequestBudget.UNLIMITED);
    }

    /** A client whose every request is first taken from {@code budget}. Close it to give unused requests back. */
    public CcApiClient client(AccessTokens tokens, Instant deadline, RequestBudget budget) {
        return client(tokens, deadline, budget, CcTransport.DIRECT);
    }

    /** A client whose GETs go over {@code transport} (core/partner's pass-through, say). */
    public CcApiClient client(AccessTokens tokens, Instant deadline, RequestBudget budget, CcTransport transport) {
        return new CcApiClient(http, apiBase, tokens, gate, clock, sleeper, random, deadline, budget, transport);
    }
}
