package io.ccheadless.core.token;

import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one holder of a tenant's lease does with it (docs/token-lifecycle.md, invariants 2–6 and 8): recover an
 * unfinished redemption, or record an intent, redeem at CC, persist the answer until the invocation's deadline
 * (renewing the lease as it goes) and commit the pointer. One instance serves every tenant; a {@link Run} holds
 * what belongs to one lease.
 */
final class Redemption {
    private static final Duration PROMPT_RETRY = Duration.ofMillis(200);
    private static final Duration STORE_BACKOFF_MAX = Duration.ofSeconds(2);
    private static final Duration CC_BACKOFF_MAX = Duration.ofSeconds(8);

    private final PointerStore pointers;
    private final TokenVault vault;
    private final TokenEndpoint endpoint;
    private final TokenTelemetry telemetry;
    private final TokenPolicy policy;
    private final Clock clock;
    private final Pause pause;
    private final RedemptionProbe probe;

    Redemption(PointerStore pointers, TokenVault vault, TokenEndpoint endpoint, TokenTelemetry telemetry, TokenPolicy policy,
               Clock clock, Pause pause, RedemptionProbe probe) {
        this.pointers = Objects.requireNonNull(pointers, "pointers");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /**
     * Holding the lease, makes sure the caller gets a usable token: somebody else's newer generation (the re-read),
     * a rolled-forward unfinished redemption, or a new generation redeemed and stored here.
     *
     * @param seen    the pointer the caller decided on before taking the lease
     * @param forced  redeem even a FRESH token of {@code seen}'s generation (CC rejected it, or keep-alive)
     * @param patient retry CC's transient failures with backoff while the lease allows; a refresh-ahead is not
     *                patient: its caller holds a valid token and should not wait for an outage to pass
     */
    AccessGrant run(String tenant, TokenPointer seen, LeaseWaiter.Holding holding, Instant deadline, boolean forced,
                    boolean patient) {
        Run r = new Run(tenant, holding.lease(), deadline, patient);
        TokenPointer p = holding.pointer();
        TokenService.requireUsable(tenant, p);
        probe.reached(RedemptionProbe.Step.LEASE_TAKEN, tenant, p.generation());
        if (p.generation() != seen.generation()) {
            telemetry.lostRace(tenant, seen.generation(), p.generation());
        }
        TokenSet issued = null;   // the set this run adopted or redeemed, so answering it needs no vault read
        // Each pass moves the pointer one generation (roll-forward or redemption) or answers. A set CC issued without
        // an access token takes one more pass; a third pass ends the run.
        for (int pass = 0; pass < 3; pass++) {
            RedemptionIntent abandoned = p.intent();   // ours is the lease, so any intent on the pointer is unfinished
            if (abandoned != null) {
                Optional<TokenSet> stored;
                try {
                    stored = pause.retrying(() -> vault.find(tenant, abandoned.nextVersionId(tenant)), clock,
                            deadline.minus(policy.leaseMargin()));
                } catch (VaultException e) {
                    // Not knowing is not "absent": re-presenting the old token could revoke a stored successor.
                    throw new TokenUnavailableException("an unfinished redemption of generation " + abandoned.generation()
                            + " was found and the vault could not be searched for its successor; nothing was redeemed and"
                            + " the next call looks again", null, true, e);
                }
                if (stored.isPresent()) {
                    p = r.commitOrFail(p, nextOf(abandoned, tenant, stored.get(), "recovered: rolled forward"), "rolled-forward");
                    issued = stored.get();
                    continue;
                }
            }
            Instant now = clock.instant();
            Freshness f = policy.classify(p.accessTokenExpiresAt(), now);
            boolean moved = p.generation() != seen.generation();
            if (abandoned == null && f != Freshness.EXPIRED && (moved || (!forced && f == Freshness.FRESH))) {
                // invariant 2: somebody (or a roll-forward) moved past what the caller saw, or nobody needs a refresh
                return TokenService.grantOf(issued != null ? issued : vault.read(tenant, p.versionId()), p.generation());
            }
            issued = r.redeem(p, abandoned, now);
            p = r.pointer;
            if (issued.hasAccessToken() && policy.classify(issued.accessTokenExpiresAt(), clock.instant()) != Freshness.EXPIRED) {
                return TokenService.grantOf(issued, p.generation());
            }
            // No usable access token: CC sent none, or a slower holder's generation adopted after invalid_grant has
            // expired meanwhile. It is stored; its refresh token is redeemed next.
            telemetry.transientFailure(tenant, p.generation() - 1, "generation " + p.generation()
                    + " holds no usable access token; it is stored and its refresh token redeemed next", 1);
            seen = p;
            forced = true;
        }
        throw new TokenUnavailableException("Constant Contact keeps answering refreshes without a usable access token;"
                + " the refresh tokens it issued are stored and the next run retries", null, true, null);
    }

    /**
     * Stores a brand-new authorization as the next generation of a new chain: exchange (the one CC call, under
     * the lease), intent, persist until the deadline, commit. Answers the generation.
     */
    long connect(String tenant, LeaseWaiter.Holding holding, String chain, Function<Instant, TokenSet> exchange,
                 Instant deadline) {
        Run r = new Run(tenant, holding.lease(), deadline, true);
        TokenPointer p = holding.pointer();
        TokenSet fresh = exchange.apply(clock.instant());
        RedemptionIntent intent = new RedemptionIntent(r.lease.fence(), p.generation(), clock.instant(), chain);
        boolean recorded = r.recordIntentQuietly(intent);
        String versionId = intent.nextVersionId(tenant);
        r.persist(versionId, p.generation() + 1, fresh);
        TokenPointer.Next next = new TokenPointer.Next(p.generation() + 1, versionId, fresh.accessTokenExpiresAt(),
                fresh.refreshTokenIssuedAt(), "authorized", chain);
        if (!r.commit(p.generation(), next) && !recorded) {
            throw new TokenUnavailableException("the new authorization was stored as version " + versionId
                    + " but the pointer could not be moved to it; authorize again", TokenUnavailableException.authorizeCommand(tenant),
                    true, null);
        }
        telemetry.redeemed(tenant, p.generation(), r.lease.fence(), "authorized");
        return next.generation();
    }

    /**
     * Holding the lease over a pointer that is REAUTH_REQUIRED or was never committed: adopts a stored next
     * generation if one turned up (a holder slower than its lease stored it after the chain was condemned).
     * Answers the pointer after it, or throws as the pointer says.
     */
    TokenPointer adoptStored(String tenant, LeaseWaiter.Holding holding, Instant deadline) {
        TokenPointer p = holding.pointer();
        if (p.connected() && p.status() == ConnectionStatus.ACTIVE) {
            return p;   // somebody repaired it meanwhile
        }
        RedemptionIntent intent = p.intent();
        String versionId = intent != null ? intent.nextVersionId(tenant) : p.connected() ? VersionIds.next(p) : null;
        Optional<TokenSet> stored = versionId == null ? Optional.empty() : findQuietly(tenant, versionId);
        if (stored.isEmpty()) {
            TokenService.requireUsable(tenant, p);
            throw TokenUnavailableException.notConnected(tenant);
        }
        String chain = intent != null ? intent.chain() : p.chain();
        TokenPointer.Next next = new TokenPointer.Next(p.generation() + 1, versionId, stored.get().accessTokenExpiresAt(),
                stored.get().refreshTokenIssuedAt(), "recovered: a stored generation turned up after the chain was condemned",
                chain);
        return new Run(tenant, holding.lease(), deadline, true).commitOrFail(p, next,
                "rolled-forward after re-authorization was required");
    }

    private static TokenPointer.Next nextOf(RedemptionIntent intent, String tenant, TokenSet stored, String outcome) {
        return new TokenPointer.Next(intent.generation() + 1, intent.nextVersionId(tenant), stored.accessTokenExpiresAt(),
                stored.refreshTokenIssuedAt(), outcome, intent.chain());
    }

    /** A vault look-up that answers "not found" when the vault cannot tell: callers then fall back to redeeming. */
    private Optional<TokenSet> findQuietly(String tenant, String versionId) {
        try {
            return vault.find(tenant, versionId);
        } catch (VaultException e) {
            return Optional.empty();
        }
    }

    /** Everything that belongs to one lease: the lease as last renewed, the pointer as last committed. */
    private final class Run {
        final String tenant;
        final Instant deadline;
        final boolean patient;
        Lease lease;
        TokenPointer pointer;

        Run(String tenant, Lease lease, Instant deadline, boolean patient) {
            this.tenant = tenant;
            this.lease = lease;
            this.deadline = deadline;
            this.patient = patient;
        }

        /** Intent → redeem at CC → persist → commit. Answers the stored set; {@link #pointer} is the new generation. */
        TokenSet redeem(TokenPointer p, RedemptionIntent abandoned, Instant now) {
            Instant retryUntil = deadline.minus(policy.leaseMargin());
            TokenSet current = pause.retrying(() -> vault.read(tenant, p.versionId()), clock, retryUntil);
            if (!keepLease(clock.instant(), policy.redemptionBudget())) {
                throw new TokenUnavailableException("not enough time left in this invocation to redeem safely; the next run will",
                        null, true, null);
            }
            RedemptionIntent intent = new RedemptionIntent(lease.fence(), p.generation(), clock.instant(), p.chain());
            // Repeating the intent write is harmless (same values, same fence); it must land before CC is called.
            pause.retrying(() -> {
                pointers.recordIntent(tenant, lease, intent);
                return intent;
            }, clock, lease.until().minus(policy.redemptionBudget()).plus(policy.bounds().storeCall()));
            probe.reached(RedemptionProbe.Step.INTENT_RECORDED, tenant, p.generation());
            Answer answer = askCc(p, current, abandoned);
            if (answer instanceof Answer.Recovered rec) {
                return rec.stored();
            }
            TokenSet fresh = ((Answer.Issued) answer).fresh();
            probe.reached(RedemptionProbe.Step.CC_ANSWERED, tenant, p.generation());
            String versionId = intent.nextVersionId(tenant);
            persist(versionId, p.generation() + 1, fresh);
            probe.reached(RedemptionProbe.Step.SECRET_WRITTEN, tenant, p.generation());
            String outcome = abandoned == null ? "refreshed" : "recovered: old refresh token accepted";
            TokenPointer.Next next = new TokenPointer.Next(p.generation() + 1, versionId, fresh.accessTokenExpiresAt(),
                    fresh.refreshTokenIssuedAt(), outcome, p.chain());
            if (commit(p.generation(), next)) {
                probe.reached(RedemptionProbe.Step.POINTER_COMMITTED, tenant, p.generation());
            }
            telemetry.redeemed(tenant, p.generation(), lease.fence(), outcome);
            pointer = advanced(p, next);
            return fresh;
        }

        /** CC's answer to the refresh: a new set, or (after {@code invalid_grant}) a late-stored one adopted instead. */
        Answer askCc(TokenPointer p, TokenSet current, RedemptionIntent abandoned) {
            Duration backoff = Duration.ofSeconds(1);
            boolean unanswered = false;
            for (int attempt = 1; ; attempt++) {
                try {
                    return new Answer.Issued(endpoint.refresh(current, clock.instant()));
                } catch (InvalidGrantException e) {
                    return examineInvalidGrant(p, abandoned, unanswered);
                } catch (OAuthException e) {
                    unanswered |= e.ambiguous();
                    if (!e.retryable()) {
                        giveUp(unanswered, abandoned);
                        throw new TokenUnavailableException("Constant Contact's token endpoint refused the refresh (" + e.error()
                                + ", HTTP " + e.status() + ")", "check the client id and secret stored for this deployment", false, e);
                    }
                    telemetry.transientFailure(tenant, p.generation(), e.error(), attempt);
                    if (!patient && (!e.ambiguous() || attempt >= 2)) {   // one prompt retry at most
                        giveUp(unanswered, abandoned);
                        throw new TokenUnavailableException("Constant Contact's token endpoint is unavailable (" + e.error()
                                + "); the valid token is used and a later call refreshes ahead again", null, true, e);
                    }
                    // An ambiguous failure (no usable answer) is retried promptly with the same token, inside any grace window.
                    Duration wait = e.ambiguous() ? PROMPT_RETRY : pause.jitter(backoff);
                    Duration rest = policy.redemptionBudget().minus(policy.bounds().storeCall());   // intent already written
                    if (!keepLease(clock.instant(), wait.plus(rest))) {
                        giveUp(unanswered, abandoned);
                        throw new TokenUnavailableException("Constant Contact's token endpoint is unavailable (" + e.error()
                                + "); the stored tokens are unchanged and the next run retries", null, true, e);
                    }
                    pause.sleep(wait);
                    backoff = min(backoff.multipliedBy(2), CC_BACKOFF_MAX);
                }
            }
        }

        /**
         * CC clearly did not process any of our attempts: the old refresh token is still live, so our intent goes —
         * unless it replaced an abandoned one, whose run CC may have processed: then it stays as the evidence.
         */
        void giveUp(boolean unanswered, RedemptionIntent abandoned) {
            if (unanswered || abandoned != null) {
                return;   // CC may have rotated (now, or in the abandoned run): the intent tells the next holder to look
            }
            try {
                pointers.clearIntent(tenant, lease);
            } catch (RuntimeException e) {
                // harmless: the next holder finds no stored next generation and redeems the still-live token
            }
        }

        /** Invariant 8: re-read, look once more for a stored next generation, and only then condemn the chain. */
        Answer examineInvalidGrant(TokenPointer p, RedemptionIntent abandoned, boolean unanswered) {
            TokenPointer now;
            try {
                now = pointers.read(tenant).orElseThrow(() -> TokenUnavailableException.notConnected(tenant));
            } catch (StoreUnavailableException e) {
                throw new TokenUnavailableException("Constant Contact refused the refresh token and the pointer could not be"
                        + " re-read; nothing was condemned and the next run examines it again", null, true, e);
            }
            if (now.generation() != p.generation()) {
                telemetry.lostRace(tenant, p.generation(), now.generation());
                throw new TokenUnavailableException("lost a refresh race for tenant '" + tenant + "'; retry reads the winner's tokens",
                        null, true, null);
            }
            Set<RedemptionIntent> candidates = new LinkedHashSet<>();
            if (abandoned != null) {
                candidates.add(abandoned);
            }
            candidates.add(new RedemptionIntent(lease.fence(), p.generation(), clock.instant(), p.chain()));
            for (RedemptionIntent i : candidates) {
                Optional<TokenSet> late;
                try {
                    late = vault.find(tenant, i.nextVersionId(tenant));
                } catch (VaultException e) {
                    throw new TokenUnavailableException("Constant Contact refused the refresh token and the vault could not be"
                            + " searched for a newer generation; nothing was condemned", null, true, e);
                }
                if (late.isPresent()) {
                    pointer = commitOrFail(p, nextOf(i, tenant, late.get(), "recovered: a slower holder's generation adopted"),
                            "rolled-forward after invalid_grant");
                    return new Answer.Recovered(late.get());
                }
            }
            String diagnosis = unanswered
                    ? "Constant Contact processed generation " + p.generation() + "'s refresh but its answer was lost (no usable"
                      + " response), and it refused the same refresh token on the prompt retry: with strict rotation and no grace"
                      + " window the new token set cannot be recovered"
                    : abandoned != null
                    ? "a redeemer (lease fence " + abandoned.fence() + ", started " + abandoned.startedAt()
                      + ") stopped after sending generation " + p.generation() + "'s refresh token and before storing generation "
                      + (p.generation() + 1) + "; Constant Contact has rotated the token and refuses the old one"
                    : "Constant Contact refused generation " + p.generation() + "'s refresh token (invalid_grant): revoked, unused for"
                      + " 180 days, or redeemed outside cc-headless";
            if (!pointers.markReauthRequired(tenant, p.generation(), diagnosis)) {
                throw new TokenUnavailableException("the pointer moved while a refusal was examined; retry reads the new generation",
                        null, true, null);
            }
            telemetry.reauthRequired(tenant, p.generation(), diagnosis);
            throw TokenUnavailableException.reauthRequired(tenant, diagnosis);
        }

        /**
         * Invariant 4: the set CC issued is stored before use, retried until the invocation's deadline whatever fails,
         * the lease renewed as it goes so that no successor takes over meanwhile. Only a different value already
         * stored under the same version id stops it early. Writes go on even when a renewal fails or the lease is
         * somebody else's: a successor that found no N+1 re-presents the old token whether or not we write, and a
         * stored N+1 is what its examination of the refusal then adopts (docs/token-lifecycle.md, "Time bounds").
         */
        void persist(String versionId, long generation, TokenSet fresh) {
            Duration backoff = Duration.ofMillis(100);
            Instant stopAt = deadline.minus(policy.leaseMargin());
            for (int attempt = 1; ; attempt++) {
                keepLease(clock.instant(), policy.bounds().storeCall());
                String failure;
                try {
                    vault.write(tenant, versionId, generation, fresh);
                    return;
                } catch (VaultException e) {
                    if (e.kind() == VaultException.Kind.CONFLICT) {
                        throw new TokenUnavailableException("version " + versionId + " of tenant '" + tenant + "' already holds"
                                + " another generation " + generation + "; the next holder adopts it", null, true, e);
                    }
                    failure = e.getMessage();
                } catch (RuntimeException e) {
                    failure = e.getClass().getSimpleName();   // an adapter let something untranslated through: still retried
                }
                Duration wait = pause.jitter(backoff);
                telemetry.transientFailure(tenant, generation - 1, "vault write failed: " + failure, attempt);
                if (clock.instant().plus(wait).plus(policy.bounds().storeCall()).isAfter(stopAt)) {
                    throw new TokenUnavailableException("could not store generation " + generation + " for tenant '" + tenant
                            + "' before the invocation's deadline (" + attempt + " attempts): " + failure,
                            "check Secrets Manager access for the token secret", false, null);
                }
                keepLease(clock.instant(), wait.plus(policy.bounds().storeCall()));   // the lease outlasts the wait too
                pause.sleep(wait);
                backoff = min(backoff.multipliedBy(2), STORE_BACKOFF_MAX);
            }
        }

        /** Moves the pointer, retried until the deadline on store failures. False when it could not (N+1 is stored). */
        boolean commit(long expectedGeneration, TokenPointer.Next next) {
            Duration backoff = Duration.ofMillis(100);
            Instant stopAt = deadline.minus(policy.leaseMargin());
            for (int attempt = 1; ; attempt++) {
                try {
                    pointers.commit(tenant, expectedGeneration, lease, next);
                    return true;
                } catch (StoreConflictException e) {
                    if (committed(next)) {
                        return true;   // an earlier attempt (ours, or the SDK's own retry) landed although its answer was lost
                    }
                    telemetry.transientFailure(tenant, expectedGeneration, "commit lost its lease; the next holder rolls forward", attempt);
                    return false;
                } catch (StoreUnavailableException e) {
                    Duration wait = pause.jitter(backoff);
                    telemetry.transientFailure(tenant, expectedGeneration, "commit failed: " + e.getMessage(), attempt);
                    if (clock.instant().plus(wait).plus(policy.bounds().storeCall()).isAfter(stopAt)) {
                        return false;
                    }
                    pause.sleep(wait);
                    backoff = min(backoff.multipliedBy(2), STORE_BACKOFF_MAX);
                }
            }
        }

        /** Whether the pointer names {@code next} already. */
        private boolean committed(TokenPointer.Next next) {
            try {
                return pointers.read(tenant).map(p -> p.generation() == next.generation() && next.versionId().equals(p.versionId()))
                        .orElse(false);
            } catch (StoreUnavailableException e) {
                return false;
            }
        }

        TokenPointer commitOrFail(TokenPointer p, TokenPointer.Next next, String outcome) {
            if (!commit(p.generation(), next)) {
                throw new TokenUnavailableException("generation " + next.generation() + " of tenant '" + tenant + "' is stored but"
                        + " the pointer could not be moved to it yet; the next holder rolls it forward", null, true, null);
            }
            telemetry.redeemed(tenant, p.generation(), lease.fence(), outcome);
            pointer = advanced(p, next);
            return pointer;
        }

        boolean recordIntentQuietly(RedemptionIntent intent) {
            try {
                pointers.recordIntent(tenant, lease, intent);
                return true;
            } catch (RuntimeException e) {
                telemetry.transientFailure(tenant, intent.generation(), "could not record the intent: " + e.getMessage(), 1);
                return false;
            }
        }

        /**
         * Renews the lease when it would end within {@code needed}; a failed renewal leaves it as it was. Answers
         * whether the lease covers {@code needed} now.
         */
        boolean keepLease(Instant now, Duration needed) {
            if (!lease.until().isBefore(now.plus(needed))) {
                return true;
            }
            Instant until = policy.leaseUntil(now, deadline);
            if (until.isAfter(lease.until())) {
                try {
                    lease = pointers.renew(tenant, lease, until);
                } catch (StoreConflictException | StoreUnavailableException e) {
                    telemetry.transientFailure(tenant, 0, "lease renewal failed: " + e.getMessage(), 1);
                }
            }
            return !lease.until().isBefore(now.plus(needed));
        }
    }

    private static TokenPointer advanced(TokenPointer p, TokenPointer.Next next) {
        return new TokenPointer(p.tenant(), next.generation(), next.versionId(), next.accessTokenExpiresAt(),
                next.refreshTokenIssuedAt(), ConnectionStatus.ACTIVE, p.lease(), null, next.outcome(), next.chain());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** CC's answer to a refresh, as the protocol continues from it. */
    private sealed interface Answer {
        record Issued(TokenSet fresh) implements Answer {
        }

        record Recovered(TokenSet stored) implements Answer {
        }
    }
}
