package io.ccheadless.core.token;

import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The one redeemer (docs/token-lifecycle.md). Every path that reads, refreshes or writes a tenant's tokens
 * goes through here: the pointer is read consistently, the token set by version id, and what to do is decided
 * from the pointer alone ({@link TokenDecision}); a refresh happens only under the lease ({@link LeaseWaiter}),
 * after a re-read, behind a recorded intent, and the new set is stored before its access token is handed to
 * anyone ({@link Redemption}).
 */
public final class TokenService {
    private final PointerStore pointers;
    private final TokenVault vault;
    private final TokenTelemetry telemetry;
    private final TokenPolicy policy;
    private final Clock clock;
    private final Pause pause;
    private final LeaseWaiter waiter;
    private final Redemption redemption;
    /** One in-flight EXPIRED-path acquisition per tenant inside this JVM; other threads join it. */
    private final ConcurrentHashMap<String, CompletableFuture<AccessGrant>> inFlight = new ConcurrentHashMap<>();

    public TokenService(PointerStore pointers, TokenVault vault, TokenEndpoint endpoint, TokenTelemetry telemetry,
                        TokenPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random, String owner) {
        this(pointers, vault, endpoint, telemetry, policy, clock, sleeper, random, owner, RedemptionProbe.NONE, ClockCheck.TRUSTED);
    }

    public TokenService(PointerStore pointers, TokenVault vault, TokenEndpoint endpoint, TokenTelemetry telemetry,
                        TokenPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random, String owner,
                        RedemptionProbe probe) {
        this(pointers, vault, endpoint, telemetry, policy, clock, sleeper, random, owner, probe, ClockCheck.TRUSTED);
    }

    public TokenService(PointerStore pointers, TokenVault vault, TokenEndpoint endpoint, TokenTelemetry telemetry,
                        TokenPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random, String owner,
                        RedemptionProbe probe, ClockCheck clockCheck) {
        this.pointers = Objects.requireNonNull(pointers, "pointers");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = new Pause(sleeper, random);
        this.waiter = new LeaseWaiter(pointers, policy, clock, clockCheck, pause, telemetry, Objects.requireNonNull(owner, "owner"));
        this.redemption = new Redemption(pointers, vault, endpoint, telemetry, policy, clock, pause, probe);
    }

    /** A usable access token. Never waits while the current one is valid (invariant 7). */
    public AccessGrant accessToken(String tenant, Instant deadline) {
        TokenPointer seen = readConnected(tenant, deadline);
        Instant now = clock.instant();
        return switch (TokenDecision.of(seen, now, policy)) {
            case USE -> grant(seen, deadline);
            case USE_AND_REFRESH -> refreshAheadOrKeep(tenant, seen, now, deadline);
            case REDEEM -> singleFlight(tenant, deadline, () -> redeemWaiting(tenant, seen, deadline, false));
        };
    }

    /**
     * After CC rejected the access token of {@code rejectedGeneration} (a 401 before its expiry), or for
     * keep-alive: refresh unless somebody already moved past that generation.
     */
    public AccessGrant refreshAfter(String tenant, long rejectedGeneration, Instant deadline) {
        TokenPointer seen = readConnected(tenant, deadline);
        if (seen.generation() > rejectedGeneration) {
            return grant(seen, deadline);   // somebody moved past the rejected generation: theirs is the newest there is
        }
        return redeemWaiting(tenant, seen, deadline, true);
    }

    /**
     * Stores a brand-new authorization (the OAuth callback, device flow) as generation N+1 of a new chain, under
     * the same lease and write protocol as a refresh. {@code exchange} is called only once the lease is held, so
     * the window between CC's answer and the write is one vault call. Answers the new generation.
     */
    public long connect(String tenant, Function<Instant, TokenSet> exchange, Instant deadline) {
        LeaseWaiter.Holding h = (LeaseWaiter.Holding) waiter.acquire(tenant, deadline, null);
        try {
            return redemption.connect(tenant, h, pause.chain(), exchange, deadline);
        } finally {
            release(tenant, h.lease());
        }
    }

    /** The tenant's connection, without secrets; fails with {@link TokenUnavailableException#notConnected} if never authorized. */
    public ConnectionReport report(String tenant) {
        TokenPointer p = pointers.read(tenant).filter(TokenPointer::connected)
                .orElseThrow(() -> TokenUnavailableException.notConnected(tenant));
        TokenSet t = vault.read(tenant, p.versionId());
        return new ConnectionReport(tenant, p.status(), p.generation(), p.accessTokenExpiresAt(), p.refreshTokenIssuedAt(),
                t.issuedAt(), p.lastOutcome(), t.account());
    }

    /** The pointer as stored, for status reports (no secrets in it). */
    public Optional<TokenPointer> pointer(String tenant) {
        return pointers.read(tenant);
    }

    // ---- paths ----

    /** A valid token is answered whatever happens here: the refresh is tried only if the lease is free right now. */
    private AccessGrant refreshAheadOrKeep(String tenant, TokenPointer seen, Instant now, Instant deadline) {
        if (inFlight.containsKey(tenant) || !policy.endedForEveryone(seen.lease(), now)) {
            return grant(seen, deadline);   // somebody is already refreshing (a thread of ours, or another holder)
        }
        try {
            LeaseWaiter.Holding h = waiter.tryOnce(tenant, now, deadline);
            if (h == null) {
                return grant(seen, deadline);
            }
            try {
                return redemption.run(tenant, seen, h, deadline, false, false);
            } finally {
                release(tenant, h.lease());
            }
        } catch (TokenUnavailableException.ReauthRequired e) {
            throw e;   // the chain was condemned: fail fast, as every caller now will (invariant 8)
        } catch (TokenUnavailableException e) {
            telemetry.transientFailure(tenant, seen.generation(), "refresh-ahead failed: " + e.getMessage(), 1);
            return grant(seen, deadline);   // whatever else failed, the stale token is still valid
        } catch (StoreUnavailableException | StoreConflictException | VaultException e) {
            telemetry.transientFailure(tenant, seen.generation(), "refresh-ahead failed: " + e.getMessage(), 1);
            return grant(seen, deadline);   // the stale token is still valid
        }
    }

    private AccessGrant redeemWaiting(String tenant, TokenPointer seen, Instant deadline, boolean forced) {
        LeaseWaiter.Outcome o = waiter.acquire(tenant, deadline, seen);
        if (o instanceof LeaseWaiter.Overtaken overtaken) {
            return grant(overtaken.pointer(), deadline);
        }
        LeaseWaiter.Holding h = (LeaseWaiter.Holding) o;
        try {
            return redemption.run(tenant, seen, h, deadline, forced, true);
        } finally {
            release(tenant, h.lease());
        }
    }

    /**
     * Runs {@code work} unless another thread of this JVM is already doing it for {@code tenant}, in which case
     * its result (or failure) is shared: N threads of one process cost one lease attempt, not N.
     */
    private AccessGrant singleFlight(String tenant, Instant deadline, Supplier<AccessGrant> work) {
        CompletableFuture<AccessGrant> mine = new CompletableFuture<>();
        CompletableFuture<AccessGrant> running = inFlight.putIfAbsent(tenant, mine);
        if (running != null) {
            long ms = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            try {
                return running.get(ms, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new TokenUnavailableException("token refresh failed", null, true, e.getCause());
            } catch (TimeoutException e) {
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
     * The pointer of a connected tenant. A pointer that is REAUTH_REQUIRED, or was never committed, is first
     * checked for a stored next generation (a slower holder's, or an unfinished authorization's) and rolled
     * forward to it under the lease; otherwise the caller is refused as the pointer says.
     */
    private TokenPointer readConnected(String tenant, Instant deadline) {
        TokenPointer p = pause.retrying(() -> pointers.read(tenant), clock, deadline.minus(policy.leaseMargin()))
                .orElseThrow(() -> TokenUnavailableException.notConnected(tenant));
        if (p.status() == ConnectionStatus.REAUTH_REQUIRED || (!p.connected() && p.intent() != null)) {
            p = adoptStoredIfAny(tenant, p, deadline);
        }
        requireUsable(tenant, p);
        return p;
    }

    private TokenPointer adoptStoredIfAny(String tenant, TokenPointer p, Instant deadline) {
        RedemptionIntent intent = p.intent();
        String versionId = intent != null ? intent.nextVersionId(tenant) : p.connected() ? VersionIds.next(p) : null;
        boolean stored;
        try {
            stored = versionId != null && vault.find(tenant, versionId).isPresent();
        } catch (VaultException e) {
            stored = false;   // cannot tell: refuse as the pointer says; the next call looks again
        }
        if (!stored) {
            return p;
        }
        LeaseWaiter.Holding h = (LeaseWaiter.Holding) waiter.acquire(tenant, deadline, null);
        try {
            return redemption.adoptStored(tenant, h, deadline);
        } finally {
            release(tenant, h.lease());
        }
    }

    /** A lease that cannot be released ends by itself; it never hides the answer of a finished redemption. */
    private void release(String tenant, Lease lease) {
        try {
            pointers.release(tenant, lease);
        } catch (RuntimeException e) {
            telemetry.transientFailure(tenant, 0, "lease release failed (it ends by itself at " + lease.until() + "): "
                    + e.getMessage(), 1);
        }
    }

    static void requireUsable(String tenant, TokenPointer p) {
        if (!p.connected()) {
            throw TokenUnavailableException.notConnected(tenant);
        }
        if (p.status() == ConnectionStatus.REAUTH_REQUIRED) {
            throw TokenUnavailableException.reauthRequired(tenant, p.lastOutcome() == null ? "status REAUTH_REQUIRED" : p.lastOutcome());
        }
    }

    private AccessGrant grant(TokenPointer p, Instant deadline) {
        TokenSet t = pause.retrying(() -> vault.read(p.tenant(), p.versionId()), clock, deadline.minus(policy.leaseMargin()));
        return grantOf(t, p.generation());
    }

    static AccessGrant grantOf(TokenSet t, long generation) {
        if (!t.hasAccessToken()) {
            throw new TokenUnavailableException("generation " + generation + " holds no access token yet; the next caller"
                    + " redeems its refresh token", null, true, null);
        }
        return new AccessGrant(t.accessToken(), t.accessTokenExpiresAt(), generation);
    }
}
