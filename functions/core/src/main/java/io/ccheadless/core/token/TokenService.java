package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The one redeemer (shared/design/token-lifecycle.md). Every path that reads, refreshes or writes a
 * tenant's tokens goes through here: the pointer is read consistently, the token set by version id,
 * a refresh happens only under the lease, after a re-read, behind a recorded intent, and the new set is
 * stored (vault, then conditional pointer commit) before its access token is handed to anyone.
 */
public final class TokenService {
    private final PointerStore pointers;
    private final TokenVault vault;
    private final io.ccheadless.core.oauth.TokenEndpoint endpoint;
    private final TokenTelemetry telemetry;
    private final TokenPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final String owner;
    private final RedemptionProbe probe;
    /** One in-flight EXPIRED-path acquisition per tenant inside this JVM; other threads join it. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<AccessGrant>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();

    public TokenService(PointerStore pointers, TokenVault vault, io.ccheadless.core.oauth.TokenEndpoint endpoint,
                        TokenTelemetry telemetry, TokenPolicy policy, Clock clock, Sleeper sleeper,
                        RandomGenerator random, String owner) {
        this(pointers, vault, endpoint, telemetry, policy, clock, sleeper, random, owner, RedemptionProbe.NONE);
    }

    public TokenService(PointerStore pointers, TokenVault vault, io.ccheadless.core.oauth.TokenEndpoint endpoint,
                        TokenTelemetry telemetry, TokenPolicy policy, Clock clock, Sleeper sleeper,
                        RandomGenerator random, String owner, RedemptionProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.pointers = Objects.requireNonNull(pointers, "pointers");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** A usable access token. Never waits while the current one is valid (invariant 7). */
    public AccessGrant accessToken(String tenant, Instant deadline) {
        TokenPointer seen = readConnected(tenant);
        Instant now = clock.instant();
        boolean abandoned = abandonedIntent(seen, now);
        Freshness freshness = policy.classify(seen.accessTokenExpiresAt(), now);
        if (freshness == Freshness.FRESH && !abandoned) {
            return grant(seen);
        }
        if (freshness == Freshness.STALE && !abandoned) {
            if (inFlight.containsKey(tenant)) {
                return grant(seen);   // a thread of this JVM is already refreshing; ours is still valid
            }
            return refreshAheadOrKeep(tenant, seen, deadline);
        }
        return singleFlight(tenant, deadline, () -> redeemWaiting(tenant, seen, deadline, false));
    }

    /**
     * Runs {@code work} unless another thread of this JVM is already doing it for {@code tenant}, in which case
     * its result (or failure) is shared: N threads of one process cost one lease attempt, not N.
     */
    private AccessGrant singleFlight(String tenant, Instant deadline, java.util.function.Supplier<AccessGrant> work) {
        var mine = new java.util.concurrent.CompletableFuture<AccessGrant>();
        var running = inFlight.putIfAbsent(tenant, mine);
        if (running != null) {
            long ms = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            try {
                return running.get(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new TokenUnavailableException("token refresh failed", null, true, e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TokenUnavailableException("timed out waiting for this process's token refresh", null, true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenUnavailableException("interrupted while waiting", null, true, e);
            }
        }
        try {
            AccessGrant g = work.get();
            mine.complete(g);
            return g;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(tenant, mine);
        }
    }

    /**
     * After CC rejected the access token of {@code rejectedGeneration} (a 401 before its expiry), or for
     * keep-alive: refresh unless somebody already moved past that generation.
     */
    public AccessGrant refreshAfter(String tenant, long rejectedGeneration, Instant deadline) {
        TokenPointer seen = readConnected(tenant);
        if (seen.generation() > rejectedGeneration) {
            return grant(seen);
        }
        return redeemWaiting(tenant, seen, deadline, true);
    }

    /**
     * Stores a brand-new authorization (the OAuth callback, device flow) as generation N+1 under the same
     * lease and compare-and-set write as a refresh. {@code exchange} is called only once the lease is
     * held, so the window between CC's answer and the write is one vault call. Answers the new generation.
     */
    public long connect(String tenant, Function<Instant, TokenSet> exchange, Instant deadline) {
        Holding h = acquireWaiting(tenant, deadline);
        Lease lease = h.lease;
        try {
            TokenPointer p = h.pointer;
            TokenSet fresh = exchange.apply(clock.instant());
            long next = p.generation() + 1;
            while (vault.find(tenant, VersionIds.of(tenant, next)).isPresent()) {
                next++;   // an orphan version a crashed redeemer stored but never committed: never overwrite it
            }
            String versionId = persist(tenant, next, fresh, lease);
            pointers.commit(tenant, p.generation(), lease, new TokenPointer.Next(next, versionId,
                    fresh.accessTokenExpiresAt(), fresh.refreshTokenIssuedAt(), "authorized"));
            telemetry.redeemed(tenant, p.generation(), lease.fence(), "authorized");
            return next;
        } finally {
            pointers.release(tenant, lease);
        }
    }

    /** The tenant's connection, without secrets; fails with {@link TokenUnavailableException#notConnected} if never authorized. */
    public ConnectionReport report(String tenant) {
        TokenPointer p = pointers.read(tenant).filter(TokenPointer::connected)
                .orElseThrow(() -> TokenUnavailableException.notConnected(tenant));
        TokenSet t = vault.read(tenant, p.versionId());
        return new ConnectionReport(tenant, p.status(), p.generation(), p.accessTokenExpiresAt(), p.refreshTokenIssuedAt(),
                t.issuedAt(), p.lastOutcome());
    }

    /** The pointer as stored, for status reports (no secrets in it). */
    public Optional<TokenPointer> pointer(String tenant) {
        return pointers.read(tenant);
    }

    // ---- paths ----

    private AccessGrant refreshAheadOrKeep(String tenant, TokenPointer seen, Instant deadline) {
        if (seen.lease() != null && !seen.lease().expiredAt(clock.instant())) {
            return grant(seen);   // somebody is already refreshing: no need to even try the lease
        }
        Lease lease = newLease(deadline);
        if (!(pointers.tryAcquire(tenant, lease, clock.instant()) instanceof PointerStore.Acquired acquired)) {
            return grant(seen);   // somebody is refreshing; ours is still valid
        }
        try {
            return redeemHoldingLease(tenant, seen, acquired.pointer(), lease, false);
        } catch (TokenUnavailableException e) {
            if (e.retryable()) {
                return grant(seen);   // a transient failure; the stale token still works
            }
            throw e;
        } finally {
            pointers.release(tenant, lease);
        }
    }

    private AccessGrant redeemWaiting(String tenant, TokenPointer seen, Instant deadline, boolean forced) {
        Holding h = acquireWaiting(tenant, deadline, seen, forced);
        if (h.grant != null) {
            return h.grant;
        }
        try {
            return redeemHoldingLease(tenant, seen, h.pointer, h.lease, forced);
        } finally {
            pointers.release(tenant, h.lease);
        }
    }

    private AccessGrant redeemHoldingLease(String tenant, TokenPointer seen, TokenPointer p, Lease lease, boolean forced) {
        requireUsable(tenant, p);
        probe.reached(RedemptionProbe.Step.LEASE_TAKEN, tenant, p.generation());
        Instant now = clock.instant();
        if (p.generation() != seen.generation()) {
            telemetry.lostRace(tenant, seen.generation(), p.generation());
            if (policy.classify(p.accessTokenExpiresAt(), now) != Freshness.EXPIRED && p.intent() == null) {
                return grant(p);   // invariant 2: somebody refreshed between our read and our lease
            }
        } else if (!forced && p.intent() == null && policy.classify(p.accessTokenExpiresAt(), now) == Freshness.FRESH) {
            return grant(p);
        }
        TokenSet current = vault.read(tenant, p.versionId());
        RedemptionIntent abandoned = p.intent();
        if (abandoned != null) {
            long next = abandoned.generation() + 1;
            Optional<TokenSet> written = vault.find(tenant, VersionIds.of(tenant, next));
            if (written.isPresent() && abandoned.generation() == p.generation()) {
                TokenSet w = written.get();
                pointers.commit(tenant, p.generation(), lease, new TokenPointer.Next(next, VersionIds.of(tenant, next),
                        w.accessTokenExpiresAt(), w.refreshTokenIssuedAt(), "recovered: rolled forward"));
                telemetry.redeemed(tenant, p.generation(), lease.fence(), "rolled-forward");
                return new AccessGrant(w.accessToken(), w.accessTokenExpiresAt(), next);
            }
        }
        if (lease.until().isBefore(clock.instant().plus(policy.redemptionBudget()))) {
            throw new TokenUnavailableException("not enough time left in this invocation to redeem safely; the next run will",
                    null, true, null);
        }
        pointers.recordIntent(tenant, lease, new RedemptionIntent(lease.fence(), p.generation(), clock.instant()));
        probe.reached(RedemptionProbe.Step.INTENT_RECORDED, tenant, p.generation());
        TokenSet fresh = redeem(tenant, p, current, lease, abandoned);
        probe.reached(RedemptionProbe.Step.CC_ANSWERED, tenant, p.generation());
        long next = p.generation() + 1;
        String versionId = persist(tenant, next, fresh, lease);
        probe.reached(RedemptionProbe.Step.SECRET_WRITTEN, tenant, p.generation());
        String outcome = abandoned == null ? "refreshed" : "recovered: old refresh token accepted";
        try {
            pointers.commit(tenant, p.generation(), lease, new TokenPointer.Next(next, versionId,
                    fresh.accessTokenExpiresAt(), fresh.refreshTokenIssuedAt(), outcome));
            probe.reached(RedemptionProbe.Step.POINTER_COMMITTED, tenant, p.generation());
        } catch (StoreConflictException e) {
            // Generation N+1 is stored under its deterministic version id; whoever holds the lease next rolls forward.
            telemetry.transientFailure(tenant, p.generation(), "commit lost its lease; next holder rolls forward", 1);
        }
        telemetry.redeemed(tenant, p.generation(), lease.fence(), outcome);
        return new AccessGrant(fresh.accessToken(), fresh.accessTokenExpiresAt(), next);
    }

    private TokenSet redeem(String tenant, TokenPointer p, TokenSet current, Lease lease, RedemptionIntent abandoned) {
        Duration backoff = Duration.ofSeconds(1);
        boolean unanswered = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return endpoint.refresh(current, clock.instant());
            } catch (InvalidGrantException e) {
                throw examineInvalidGrant(tenant, p, abandoned, unanswered);
            } catch (OAuthException e) {
                unanswered |= e.ambiguous();
                if (!e.retryable()) {
                    throw new TokenUnavailableException("Constant Contact's token endpoint refused the refresh (" + e.error()
                            + ", HTTP " + e.status() + ")", "check the client id and secret stored for this deployment", false, e);
                }
                telemetry.transientFailure(tenant, p.generation(), e.error(), attempt);
                // An ambiguous failure (no answer) is retried promptly with the same token, inside any grace window.
                Duration wait = e.ambiguous() ? Duration.ofMillis(200) : jitter(backoff);
                if (clock.instant().plus(wait).plus(policy.redemptionBudget()).isAfter(lease.until())) {
                    throw new TokenUnavailableException("Constant Contact's token endpoint is unavailable (" + e.error()
                            + "); the stored tokens are unchanged and the next run retries", null, true, e);
                }
                sleep(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** Invariant 8: re-read first; only a refusal of the newest generation marks the connection dead. */
    private TokenUnavailableException examineInvalidGrant(String tenant, TokenPointer p, RedemptionIntent abandoned,
                                                          boolean unanswered) {
        TokenPointer now = readConnected(tenant);
        if (now.generation() != p.generation()) {
            telemetry.lostRace(tenant, p.generation(), now.generation());
            return new TokenUnavailableException("lost a refresh race for tenant '" + tenant + "'; retry reads the winner's tokens",
                    null, true, null);
        }
        String diagnosis = unanswered
                ? "Constant Contact processed generation " + p.generation() + "'s refresh but its answer was lost (no response),"
                  + " and it refused the same refresh token on the prompt retry: with strict rotation and no grace window the"
                  + " new token set cannot be recovered"
                : abandoned != null
                ? "a redeemer (lease fence " + abandoned.fence() + ", started " + abandoned.startedAt()
                  + ") stopped after sending generation " + p.generation() + "'s refresh token and before storing generation "
                  + (p.generation() + 1) + "; Constant Contact has rotated the token and refuses the old one"
                : "Constant Contact refused generation " + p.generation() + "'s refresh token (invalid_grant): revoked, unused for"
                  + " 180 days, or redeemed outside cc-headless";
        pointers.markReauthRequired(tenant, p.generation(), diagnosis);
        telemetry.reauthRequired(tenant, p.generation(), diagnosis);
        return TokenUnavailableException.reauthRequired(tenant, diagnosis);
    }

    /** Invariant 4: the new set is stored before use, retried until the lease ends. */
    private String persist(String tenant, long generation, TokenSet fresh, Lease lease) {
        Duration backoff = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            try {
                return vault.write(tenant, generation, fresh);
            } catch (VaultException e) {
                if (!e.retryable() || clock.instant().plus(backoff).isAfter(lease.until())) {
                    telemetry.transientFailure(tenant, generation - 1, "vault write failed: " + e.getMessage(), attempt);
                    throw new TokenUnavailableException("could not store generation " + generation + " for tenant '" + tenant
                            + "': " + e.getMessage(), "check Secrets Manager access for the token secret", false, e);
                }
                sleep(jitter(backoff));
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    // ---- lease helpers ----

    private record Holding(Lease lease, TokenPointer pointer, AccessGrant grant) {
    }

    private Holding acquireWaiting(String tenant, Instant deadline) {
        return acquireWaiting(tenant, deadline, null, false);
    }

    /**
     * Takes the lease, waiting with backoff while somebody else holds it. While waiting, a new generation
     * that another holder committed answers the caller directly (when {@code seen} is given).
     */
    private Holding acquireWaiting(String tenant, Instant deadline, TokenPointer seen, boolean forced) {
        Instant start = clock.instant();
        Duration backoff = policy.waitInitial();
        while (true) {
            Lease lease = newLease(deadline);
            PointerStore.LeaseAttempt attempt = pointers.tryAcquire(tenant, lease, clock.instant());
            if (attempt instanceof PointerStore.Acquired a) {
                return new Holding(lease, a.pointer(), null);
            }
            Lease holder = ((PointerStore.Held) attempt).holder();
            // Poll with consistent reads (no writes) until the holder commits or its lease is free again.
            while (true) {
                Duration wait = jitter(backoff);
                if (clock.instant().plus(wait).isAfter(deadline.minus(policy.leaseMargin()))) {
                    throw new TokenUnavailableException("timed out waiting for the token lease held by " + holder.owner()
                            + " until " + holder.until(), null, true, null);
                }
                sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(policy.waitMax()) > 0 ? policy.waitMax() : backoff.multipliedBy(2);
                TokenPointer p = pointers.read(tenant).orElse(null);
                if (seen != null && p != null) {
                    requireUsable(tenant, p);
                    if (p.generation() > seen.generation() && p.intent() == null
                            && (forced || policy.classify(p.accessTokenExpiresAt(), clock.instant()) != Freshness.EXPIRED)) {
                        telemetry.waited(tenant, Duration.between(start, clock.instant()));
                        return new Holding(null, null, grant(p));
                    }
                }
                if (p == null || p.lease() == null || p.lease().expiredAt(clock.instant())) {
                    break;   // free, or its holder died: try to take it
                }
                holder = p.lease();
            }
        }
    }

    private Lease newLease(Instant deadline) {
        return new Lease(owner, UUID.randomUUID().toString(), policy.leaseUntil(clock.instant(), deadline));
    }

    private boolean abandonedIntent(TokenPointer p, Instant now) {
        return p.intent() != null && (p.lease() == null || p.lease().expiredAt(now));
    }

    private TokenPointer readConnected(String tenant) {
        TokenPointer p = pointers.read(tenant).filter(TokenPointer::connected)
                .orElseThrow(() -> TokenUnavailableException.notConnected(tenant));
        requireUsable(tenant, p);
        return p;
    }

    private static void requireUsable(String tenant, TokenPointer p) {
        if (!p.connected()) {
            throw TokenUnavailableException.notConnected(tenant);
        }
        if (p.status() == ConnectionStatus.REAUTH_REQUIRED) {
            throw TokenUnavailableException.reauthRequired(tenant, p.lastOutcome() == null ? "status REAUTH_REQUIRED" : p.lastOutcome());
        }
    }

    private AccessGrant grant(TokenPointer p) {
        TokenSet t = vault.read(p.tenant(), p.versionId());
        return new AccessGrant(t.accessToken(), t.accessTokenExpiresAt(), p.generation());
    }

    private Duration jitter(Duration base) {
        long ms = Math.max(1, base.toMillis());
        return Duration.ofMillis(ms / 2 + random.nextLong(ms / 2 + 1));
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while waiting", null, true, e);
        }
    }
}
