package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.ApiStrictness;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.auth.AccessClaims;
import io.ccheadless.sandbox.auth.AccessTokens;
import io.ccheadless.sandbox.data.Account;
import io.ccheadless.sandbox.data.SandboxAccounts;
import io.ccheadless.sandbox.http.Handler;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import io.ccheadless.sandbox.limits.DailyQuota;
import io.ccheadless.sandbox.limits.RateLimiter;
import io.ccheadless.sandbox.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What AWS API Gateway does in front of CC's V3 API: checks the bearer JWT (signature, issuer, audience, expiry on
 * the sandbox clock) → 401; the per-key limits (10,000/day, then 4/s) → 429; the operation's scope → 403; the
 * user privilege the operation declares, when the sandbox is told the user lacks it ({@link ApiStrictness}) → 403.
 * The limits are per API key (the client id), across every account that authorized it. Partner endpoints, the
 * pass-through included, count under the partner limits (250,000/day, 10/s) of their own key
 * {@code partner#<x-api-key>}: CC raises a partner key's limits on request, and does not document how pass-through
 * calls are counted (docs/cc-api.md §6.1).
 */
public final class ApiGateway {
    public static final int PER_SECOND = 4;
    public static final long PER_DAY = 10_000;
    public static final int PARTNER_PER_SECOND = 10;
    public static final long PARTNER_PER_DAY = 250_000;

    private final AccessTokens tokens;
    private final SandboxAccounts accounts;
    private final SandboxClock clock;
    private final Optional<RateLimiter> perSecond;
    private final Optional<DailyQuota> perDay;
    private final long dayLimit;
    private final Optional<RateLimiter> partnerPerSecond;
    private final Optional<DailyQuota> partnerPerDay;
    private final boolean retryAfter;
    private final Set<String> missingPrivileges;
    private final Metrics metrics;

    public ApiGateway(AccessTokens tokens, SandboxAccounts accounts, SandboxClock clock, boolean rateLimit,
                      boolean retryAfter) {
        this(tokens, accounts, clock, rateLimit, retryAfter, Set.of());
    }

    public ApiGateway(AccessTokens tokens, SandboxAccounts accounts, SandboxClock clock, boolean rateLimit,
                      boolean retryAfter, Set<String> missingPrivileges) {
        this(tokens, accounts, clock, rateLimit, retryAfter, missingPrivileges, new Metrics());
    }

    public ApiGateway(AccessTokens tokens, SandboxAccounts accounts, SandboxClock clock, boolean rateLimit,
                      boolean retryAfter, Set<String> missingPrivileges, Metrics metrics) {
        this(tokens, accounts, clock, rateLimit, PER_SECOND, PER_DAY, retryAfter, missingPrivileges, metrics);
    }

    /** @param apiPerSecond and {@code apiPerDay}: the user-token limits of the key (CC's standard key: 4 and 10,000) */
    public ApiGateway(AccessTokens tokens, SandboxAccounts accounts, SandboxClock clock, boolean rateLimit,
                      int apiPerSecond, long apiPerDay, boolean retryAfter, Set<String> missingPrivileges, Metrics metrics) {
        this.missingPrivileges = Set.copyOf(missingPrivileges);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perSecond = rateLimit ? Optional.of(new RateLimiter(apiPerSecond, Duration.ofSeconds(1))) : Optional.empty();
        this.perDay = rateLimit ? Optional.of(new DailyQuota(apiPerDay)) : Optional.empty();
        this.dayLimit = apiPerDay;
        this.partnerPerSecond = rateLimit ? Optional.of(new RateLimiter(PARTNER_PER_SECOND, Duration.ofSeconds(1)))
                : Optional.empty();
        this.partnerPerDay = rateLimit ? Optional.of(new DailyQuota(PARTNER_PER_DAY)) : Optional.empty();
        this.retryAfter = retryAfter;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** An HTTP handler for a user-token operation. */
    public Handler user(ApiRoute route) {
        return request -> {
            Instant now = clock.now();
            Optional<AccessClaims> claims = bearer(request).flatMap(t -> tokens.verify(t, now));
            if (claims.isEmpty()) {
                return ApiErrors.unauthorized();
            }
            Optional<Response> limited = admit(claims.get().clientId(), now);
            if (limited.isPresent()) {
                return limited.get();
            }
            if (!claims.get().scopes().contains(route.scope())) {
                return ApiErrors.forbidden("Forbidden: the access token does not grant the '" + route.scope()
                        + "' scope this operation requires.");
            }
            if (missingPrivileges.contains(route.privilege())) {
                return ApiErrors.forbidden("Forbidden: the user who authorized this application lacks the '"
                        + route.privilege() + "' privilege this operation requires.");
            }
            Optional<Account> account = accounts.find(claims.get().accountId(), now);
            if (account.isEmpty()) {
                return ApiErrors.unauthorized();
            }
            return route.handler().handle(new ApiCall(request, claims.get(), account.get(), now));
        };
    }

    /** Verified claims of a request's bearer token, at the sandbox's now. */
    public Optional<AccessClaims> claims(Request request) {
        return bearer(request).flatMap(t -> tokens.verify(t, clock.now()));
    }

    /** Applies the per-key daily quota and per-second limit; a 429 answer when the key is over either. */
    public Optional<Response> admit(String key, Instant now) {
        return admit(key, now, perSecond, perDay, dayLimit);
    }

    /** The partner limits, for the partner endpoints of the app whose API key is {@code apiKey}. */
    public Optional<Response> admitPartner(String apiKey, Instant now) {
        return admit("partner#" + apiKey, now, partnerPerSecond, partnerPerDay, PARTNER_PER_DAY);
    }

    private Optional<Response> admit(String key, Instant now, Optional<RateLimiter> perSecond, Optional<DailyQuota> perDay,
                                     long dayLimit) {
        metrics.offered(key, now);
        if (perDay.isPresent() && perDay.get().used(key, now) >= dayLimit) {
            Response r = ApiErrors.quotaExceeded();
            return Optional.of(retryAfter ? r.withHeader("Retry-After", seconds(DailyQuota.untilReset(now))) : r);
        }
        if (perSecond.isPresent() && !perSecond.get().tryAcquire(key, now)) {
            Response r = ApiErrors.throttled();
            return Optional.of(retryAfter ? r.withHeader("Retry-After", seconds(perSecond.get().retryAfter(key, now))) : r);
        }
        perDay.ifPresent(q -> q.tryAcquire(key, now));
        metrics.admitted(key, now);
        return Optional.empty();
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    private static Optional<String> bearer(Request request) {
        return request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty());
    }
}
