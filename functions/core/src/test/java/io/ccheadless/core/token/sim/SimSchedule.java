package io.ccheadless.core.token.sim;

import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.OAuthClient;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.Freshness;
import io.ccheadless.core.token.RedemptionProbe;
import io.ccheadless.core.token.StoreConflictException;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenTelemetry;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.token.VaultException;
import io.ccheadless.core.token.VersionIds;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One seeded schedule of the token protocol: 2–4 redeemers, each its own {@link TokenService} with its own owner,
 * clock skew and random source, run by {@link SimScheduler} against fakes that enforce the real rules, with faults
 * drawn from the seed; then a final fault-free caller; then the invariants (docs/token-lifecycle.md):
 * <ul>
 *   <li>(a) a refresh token is never redeemed twice unless CC's answer to its earlier redemption was really lost;</li>
 *   <li>(b) never REAUTH_REQUIRED while the vault holds a newer generation CC still accepts: checked as each mark lands,
 *       and after the final fault-free caller, which must be served while the vault holds a usable set;</li>
 *   <li>(c) every set CC issued is stored, or its loss is explained (lost answer, crash, deadline), and a chain our
 *       side lost is diagnosed precisely;</li>
 *   <li>(d) pointer and vault agree (checked after every step);</li>
 *   <li>(e) a caller is never refused while the chain is ACTIVE and its current access token valid, unless its own
 *       pointer read or current-version vault read failed;</li>
 *   <li>(f) a granted access token is stored and not expired (persist before use);</li>
 *   <li>no trace holds a token value or the client secret; no schedule gets stuck; no unexpected exception escapes.</li>
 * </ul>
 */
final class SimSchedule {
    static final String TENANT = "acme";
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final TokenPolicy POLICY = new TokenPolicy(Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofSeconds(6),
            Duration.ofMillis(500), new TokenPolicy.CallBounds(Duration.ofMillis(1500), Duration.ofSeconds(1)),
            Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(500));
    private static final String CLIENT_SECRET = "sim-client-secret";
    /** The simulated CC's token values ({@link SimCc}): no trace may hold one. */
    private static final Pattern TOKEN_VALUE = Pattern.compile("\\b(rt|at)-\\d+\\b");
    private static final String GENERIC_DIAGNOSIS = "revoked, unused for 180 days";
    private static final String PERSIST_GAVE_UP = "could not store generation";
    /**
     * A persist that gives up "at the deadline" makes its last attempt within the lease margin, one store call and one
     * capped backoff (2 s) of it; one that stops earlier gave the set up too soon.
     */
    private static final long PERSIST_NEAR_DEADLINE_MS = POLICY.leaseMargin().toMillis() + POLICY.bounds().storeCall().toMillis()
            + 2_000 + 100;

    /**
     * Findings this simulation made in main code, each since fixed: a violation matching one's evidence is labelled
     * with it, so a regression says which. The CI property fails on any violation; only the long run
     * ({@code bench/token-sim.sh} with SIM_STRICT=false) tolerates a labelled one, to count how often it recurs.
     */
    enum Known {
        F1_RECOVERY_CLEARS_AN_ABANDONED_INTENT,
        F2_REFRESH_AHEAD_RETHROWS_A_PERSIST_FAILURE,
        F3_FAILED_ROLL_FORWARD_LOOKUP_TAKEN_AS_ABSENT,
        F4_PERSIST_OUTLIVES_ITS_LEASE,
        F5_ADOPTED_GENERATION_ANSWERED_EXPIRED
    }

    /** One broken invariant; {@code known} when it matches a reported finding's evidence. */
    record Violation(String invariant, String message, Known known) {
        @Override
        public String toString() {
            return "(" + invariant + ") " + message + (known == null ? "" : " [known finding " + known + "]");
        }
    }

    /** What a schedule showed: its violations (first per invariant), its trace and its counts. */
    record Result(long seed, List<Violation> violations, String profile, String trace, Map<String, Long> counts) {
        boolean ok() {
            return violations.isEmpty();
        }

        /** No violation, or only known findings (unless {@code strict}). */
        boolean acceptable(boolean strict) {
            return violations.stream().allMatch(v -> v.known() != null && !strict);
        }

        String report() {
            return "seed " + seed + " (" + profile + "): " + String.join("; ", violations.stream().map(Violation::toString).toList());
        }
    }

    private enum Kind { ACCESS_TOKEN, REFRESH_AFTER }

    private record Call(long sleepMs, Kind kind, long lengthMs) {
    }

    private final long seed;
    /** How long actors sleep to reach their next day (the access token expires meanwhile); outages repeat with it. */
    private final long day;
    private final Random random;
    private final Map<String, Long> counts = new TreeMap<>();
    private final SimTrace trace = new SimTrace();
    private final SimFaults faults;
    private final SimScheduler sched;
    private final SimCc cc;
    private final SimPointerStore pointers;
    private final SimVault vault;
    private final OAuthClient oauth;
    private final Map<String, Violation> violations = new LinkedHashMap<>();
    /** When each CC issue first landed in the vault. */
    private final Map<Integer, Long> storedAt = new TreeMap<>();
    private final Map<Integer, Boolean> storedAfterLease = new TreeMap<>();

    private SimSchedule(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.day = Duration.ofMinutes(23 * 60 + 30).toMillis() + random.nextInt((int) Duration.ofMinutes(90).toMillis());
        this.faults = new SimFaults(random, counts, day);
        SimFaults.Profile p = faults.profile;
        this.sched = new SimScheduler(random, trace, T0, 60_000, Duration.ofDays(5), p.crashPerStep(), p.crashBudget());
        this.cc = new SimCc(p.mode(), p.graceMs(), p.omitLongLivedRefresh());
        this.pointers = new SimPointerStore(sched, faults, POLICY.bounds().storeCall());
        this.vault = new SimVault(sched, faults, cc, pointers, POLICY.bounds().storeCall());
        Duration tokenCall = POLICY.bounds().tokenCall();
        this.oauth = new OAuthClient(new HttpExchange(new SimTransport(sched, faults, cc, tokenCall), tokenCall),
                URI.create("https://authz.sim.invalid/oauth2/default/v1"), new ClientCredentials("sim-client", Secret.of(CLIENT_SECRET)));
    }

    static Result run(long seed) {
        return new SimSchedule(seed).execute();
    }

    private Result execute() {
        connectAtStart();
        int n = 2 + random.nextInt(3);
        int beyond = faults.profile.beyondSkewActor() ? n - 1 : -1;
        long half = POLICY.maxClockSkew().toMillis() / 2;
        for (int i = 0; i < n; i++) {
            long skew = i == beyond ? (faults.chance(0.5) ? 1 : -1) * (half + faults.between(1, 3_000))
                    : faults.chance(0.4) ? (faults.chance(0.5) ? half : -half) : faults.between(-half, half);
            List<Call> plan = new ArrayList<>();
            int calls = 1 + random.nextInt(3);
            for (int c = 0; c < calls; c++) {
                long sleep = c == 0 ? faults.between(0, 2_000) : switch (random.nextInt(10)) {
                    case 0, 1, 2, 3, 4, 5 -> faults.between(0, 3_000);
                    case 6, 7 -> faults.between(3_000, 20_000);
                    default -> day + faults.between(0, 3_000);
                };
                Kind kind = random.nextInt(10) == 0 ? Kind.REFRESH_AFTER : Kind.ACCESS_TOKEN;
                long length = new long[]{4_000, 8_000, 15_000, 30_000, 60_000}[random.nextInt(5)];
                plan.add(new Call(sleep, kind, length));
            }
            spawn("A" + i, skew, false, plan, new Random(random.nextLong()));
            if (i == beyond) {
                count("skew.beyond-half-max");
            }
        }
        sched.afterEveryStep(this::checkPointerMatchesVault);
        pointers.onReauthMarked = this::checkNotCondemnedWhileStored;
        try {
            sched.run();
            trace.note("---- every actor done or killed; the final fault-free caller runs ----");
            spawn("F", 0, true, List.of(new Call(0, Kind.ACCESS_TOKEN, 60_000), new Call(1_000, Kind.ACCESS_TOKEN, 60_000)),
                    new Random(random.nextLong()));
            sched.run();
            checkAtEnd();
        } catch (SimScheduler.Stuck e) {
            sched.abandon();
            violate("stuck", "stuck schedule: " + e.getMessage());
        }
        for (SimScheduler.Actor a : sched.actors()) {
            if (a.failure != null) {
                violate("actor", "actor " + a.name + " failed: " + a.failure);
            }
        }
        String rendered = trace.render();
        if (TOKEN_VALUE.matcher(rendered).find() || rendered.contains(CLIENT_SECRET)) {
            violate("secret", "the trace holds a token value or the client secret (invariant 11)");
        }
        count("steps", sched.steps());
        count("kill.crash", sched.crashes);
        count("schedules");
        if (!violations.isEmpty()) {
            count("schedules.violating");
        }
        return new Result(seed, new ArrayList<>(violations.values()), describeProfile(), rendered, counts);
    }

    private String describeProfile() {
        return faults.profile.describe() + ", " + (sched.actors().size() - 1) + " redeemers";
    }

    /** Generation 1 of chain c0, as an authorization left it; its access token fresh, stale or expired at the start. */
    private void connectAtStart() {
        long offsetS = switch (random.nextInt(10)) {
            case 0, 1 -> -3_600;
            case 2 -> 60;
            case 3, 4, 5 -> 1_800;
            case 6, 7 -> 3 * 3_600;
            default -> 23 * 3_600;
        };
        Instant expires = T0.plusSeconds(offsetS);
        Instant issued = expires.minus(Duration.ofHours(24));
        SimCc.Issue first = cc.authorize(issued.toEpochMilli());
        TokenSet set = new TokenSet(Secret.of(first.access), Secret.of(first.refresh), expires, "campaign_data offline_access",
                issued, issued);
        String versionId = VersionIds.of(TENANT, "c0", 1);
        vault.seed(TENANT, versionId, set);
        pointers.inner.put(new TokenPointer(TENANT, 1, versionId, expires, issued, ConnectionStatus.ACTIVE, null, null,
                "authorized", "c0"));
        trace.note("profile: " + faults.profile.describe());
        trace.note("start: g1 = cc#0, access token expires at " + String.format("%+ds", offsetS));
    }

    private void spawn(String name, long skewMs, boolean faultFree, List<Call> plan, Random own) {
        SimScheduler.Actor[] self = new SimScheduler.Actor[1];
        self[0] = sched.spawn(name, skewMs, faultFree, () -> runActor(self[0], plan, own));
        trace.note(name + ": clock skew " + skewMs + " ms, calls " + plan);
    }

    private void runActor(SimScheduler.Actor a, List<Call> plan, Random own) {
        TokenService service = new TokenService(pointers, vault, oauth, telemetry(), POLICY, a.clock,
                d -> sched.blockFor(d.toMillis()), own, a.name, RedemptionProbe.NONE,
                () -> Optional.of(Duration.ofMillis(a.skewMs)));
        long knownGeneration = 0;   // the generation of the last token this actor was granted (refreshAfter names it)
        int invocation = 0;
        for (Call c : plan) {
            sched.blockFor(c.sleepMs());
            int mine = ++invocation;
            a.invocation = mine;
            a.call.begin();
            long start = sched.now();
            a.deadlineMs = start + c.lengthMs();
            Instant deadline = a.localNow().plusMillis(c.lengthMs());
            sched.at(start + c.lengthMs(), null, () -> {
                if (a.alive() && a.call.open && a.invocation == mine) {
                    count("kill.lambda-timeout");
                    sched.kill(a, "Lambda timeout at the invocation's deadline");
                }
            });
            sched.trace.step(sched.elapsed(), a.name, "invoke " + c.kind() + " #" + mine + " (deadline in " + c.lengthMs() + " ms)");
            count("calls");
            try {
                Kind kind = c.kind() == Kind.REFRESH_AFTER && knownGeneration > 0 ? Kind.REFRESH_AFTER : Kind.ACCESS_TOKEN;
                AccessGrant g = kind == Kind.ACCESS_TOKEN ? service.accessToken(TENANT, deadline)
                        : service.refreshAfter(TENANT, knownGeneration, deadline);
                knownGeneration = g.generation();
                int issue = cc.issueOfAccess(g.accessToken().reveal());
                sched.trace.step(sched.elapsed(), a.name, "→ granted g" + g.generation() + " = cc#" + issue);
                count("outcome.granted");
                checkGrant(a, g, issue, kind);
            } catch (TokenUnavailableException | StoreUnavailableException | VaultException | StoreConflictException e) {
                sched.trace.step(sched.elapsed(), a.name, "→ refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                count("outcome.refused." + category(e));
                a.refusals++;
                if (c.kind() == Kind.ACCESS_TOKEN || knownGeneration == 0) {
                    checkRefusal(a, e);
                }
            } catch (RuntimeException e) {
                sched.trace.step(sched.elapsed(), a.name, "→ UNEXPECTED " + e);
                a.refusals++;
                violate("unexpected", a.name + "'s call #" + mine + " threw " + e + " at " + e.getStackTrace()[0]);
            } finally {
                a.call.open = false;
            }
        }
    }

    private static String category(RuntimeException e) {
        if (e instanceof TokenUnavailableException t) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("needs re-authorization")) {
                return "reauth-required";
            }
            return t.retryable() ? "retryable" : "not-retryable";
        }
        return e.getClass().getSimpleName();
    }

    private TokenTelemetry telemetry() {
        return new TokenTelemetry() {
            @Override
            public void redeemed(String tenant, long fromGeneration, String fence, String outcome) {
                telemetry("redeemed g" + fromGeneration + " → g" + (fromGeneration + 1) + ": " + outcome);
                if (outcome.contains("after invalid_grant")) {
                    sched.current().call.adoptedAfterInvalidGrant = true;
                }
                count("outcome.redeemed");
            }

            @Override
            public void lostRace(String tenant, long generationSeen, long generationNow) {
                telemetry("lost race: saw g" + generationSeen + ", now g" + generationNow);
            }

            @Override
            public void waited(String tenant, Duration waited) {
                telemetry("waited " + waited.toMillis() + " ms");
            }

            @Override
            public void reauthRequired(String tenant, long generation, String diagnosis) {
                telemetry("REAUTH_REQUIRED at g" + generation + ": " + diagnosis);
            }

            @Override
            public void transientFailure(String tenant, long generation, String error, int attempt) {
                telemetry("transient (attempt " + attempt + "): " + error);
            }

            private void telemetry(String what) {
                sched.trace.step(sched.elapsed(), sched.current().name, "  [" + what + "]");
            }
        };
    }

    // ---- invariants ----

    private void violate(String invariant, String message) {
        violate(invariant, message, null);
    }

    private void violate(String invariant, String message, Known known) {
        violations.putIfAbsent(invariant, new Violation(invariant, message + " [at +" + sched.elapsed() + " ms]", known));
        if (known != null) {
            count("known." + known);
        }
    }

    /** (d), after every step: the pointer names a stored version, of its generation, with its expiry. */
    private void checkPointerMatchesVault() {
        TokenPointer p = pointers.inner.read(TENANT).orElse(null);
        if (p == null || !p.connected()) {
            return;
        }
        SimVault.Landed l = vault.landed.get(p.versionId());
        if (l == null) {
            violate("d", "the pointer names g" + p.generation() + " at a version the vault does not hold");
        } else if (l.generation() != p.generation() || !l.tokens().accessTokenExpiresAt().equals(p.accessTokenExpiresAt())) {
            violate("d", "the pointer (g" + p.generation() + ", expiry " + p.accessTokenExpiresAt() + ") disagrees with its version"
                    + " (g" + l.generation() + ", expiry " + l.tokens().accessTokenExpiresAt() + ")");
        }
    }

    /**
     * (b), at the moment a chain is condemned: the vault must not already hold a newer generation of it whose refresh
     * token CC accepts (invariant 8: look for N+1 again before marking REAUTH_REQUIRED).
     */
    private void checkNotCondemnedWhileStored(long generation) {
        TokenPointer p = pointers.inner.read(TENANT).orElseThrow();
        for (SimVault.Landed l : vault.landed.values()) {
            if (l.generation() > generation && cc.accepts(l.tokens().refreshToken().reveal(), sched.now())) {
                violate("b", "g" + generation + " was marked REAUTH_REQUIRED (\"" + p.lastOutcome() + "\") while the vault already held g"
                        + l.generation() + " (cc#" + vault.issueOf(l.tokens()) + "), whose refresh token CC accepts");
                return;
            }
        }
    }

    /** (f): a granted token was stored before it was handed out, and is not expired. */
    private void checkGrant(SimScheduler.Actor a, AccessGrant g, int issue, Kind kind) {
        boolean stored = vault.landed.values().stream()
                .anyMatch(l -> l.tokens().hasAccessToken() && l.tokens().accessToken().equals(g.accessToken()));
        if (!stored) {
            violate("f", a.name + " was granted cc#" + issue + ", which the vault does not hold (persist before use)");
        }
        if (!g.expiresAt().isAfter(a.localNow()) && kind == Kind.REFRESH_AFTER) {
            // refreshAfter(N) answers any generation past N as it is, expired or not: the caller's next 401 names it
            count("outcome.refresh-after-granted-an-expired-newer-generation");
        } else if (!g.expiresAt().isAfter(a.localNow())) {
            violate("f", a.name + " was granted cc#" + issue + ", expired at " + g.expiresAt()
                    + (a.call.adoptedAfterInvalidGrant ? ", adopted after invalid_grant" : ""),
                    a.call.adoptedAfterInvalidGrant ? Known.F5_ADOPTED_GENERATION_ANSWERED_EXPIRED : null);
        }
    }

    /** (e): a refusal while the chain is ACTIVE and the token the caller read valid needs a failed read of its own. */
    private void checkRefusal(SimScheduler.Actor a, RuntimeException e) {
        SimScheduler.CallSeen seen = a.call;
        if (!seen.pointerRead || seen.pointerReadFailed || seen.pointer == null || seen.currentVersionReadFailed) {
            return;
        }
        TokenPointer p = seen.pointer;
        if (!p.connected() || p.status() != ConnectionStatus.ACTIVE
                || POLICY.classify(p.accessTokenExpiresAt(), seen.pointerReadAt) == Freshness.EXPIRED) {
            return;
        }
        TokenPointer now = pointers.inner.read(TENANT).orElseThrow();
        if (now.status() == ConnectionStatus.REAUTH_REQUIRED) {
            return;   // invariant 8: fail fast once the chain is condemned
        }
        Known known = e.getMessage() != null && e.getMessage().startsWith(PERSIST_GAVE_UP)
                ? Known.F2_REFRESH_AHEAD_RETHROWS_A_PERSIST_FAILURE : null;
        violate("e", a.name + " was refused (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ") although it read an"
                + " ACTIVE g" + p.generation() + " whose access token is valid (" + POLICY.classify(p.accessTokenExpiresAt(),
                seen.pointerReadAt) + ") and its own reads succeeded", known);
    }

    private void checkAtEnd() {
        checkPointerMatchesVault();
        TokenPointer p = pointers.inner.read(TENANT).orElseThrow();
        count("final." + p.status());
        Map<Integer, String> storedIssues = new TreeMap<>();
        for (Map.Entry<String, SimVault.Landed> e : vault.landed.entrySet()) {
            storedIssues.putIfAbsent(vault.issueOf(e.getValue().tokens()), "g" + e.getValue().generation());
            storedAt.putIfAbsent(vault.issueOf(e.getValue().tokens()), e.getValue().atMs());
            storedAfterLease.putIfAbsent(vault.issueOf(e.getValue().tokens()), e.getValue().afterWritersLease());
        }
        if (cc.rotating()) {
            checkNoDoubleRedemption(storedIssues);
            checkEveryIssueStored(storedIssues, p);
        }
        checkFinalState(p);
    }

    /** (a): a refresh token presented again after an accepted redemption whose answer was delivered and stored. */
    private void checkNoDoubleRedemption(Map<Integer, String> storedIssues) {
        Map<Integer, Integer> acceptedFirst = new LinkedHashMap<>();
        for (SimCc.Presentation pr : cc.presentations) {
            if (pr.token() < 0) {
                continue;
            }
            Integer earlier = acceptedFirst.get(pr.token());
            if (earlier != null) {
                SimCc.Issue k = cc.issues.get(earlier);
                boolean reallyLost = k.fate != SimCc.Fate.DELIVERED || !storedIssues.containsKey(k.index);
                if (reallyLost) {
                    count("outcome.re-presented-after-a-lost-answer");
                } else {
                    boolean storedLater = storedAfterLease.getOrDefault(k.index, false);
                    boolean afterClearedRecovery = pointers.clearedARecoveryIntentAt < pr.atMs();
                    Known known = pr.afterFailedLookup() ? Known.F3_FAILED_ROLL_FORWARD_LOOKUP_TAKEN_AS_ABSENT
                            : storedLater ? Known.F4_PERSIST_OUTLIVES_ITS_LEASE
                            : afterClearedRecovery ? Known.F1_RECOVERY_CLEARS_AN_ABANDONED_INTENT : null;
                    violate("a", pr.actor() + " presented cc#" + pr.token() + "'s refresh token again at +" + (pr.atMs() - T0.toEpochMilli())
                            + " ms (" + pr.result() + "), although its redemption by " + k.actor + " issued cc#" + k.index
                            + ", delivered and stored as " + storedIssues.get(k.index)
                            + (pr.afterFailedLookup() ? "; the presenting call had just failed to look it up in the vault" : "")
                            + (storedLater ? "; " + k.actor + " stored it after its own lease had ended (at +"
                            + (storedAt.get(k.index) - T0.toEpochMilli()) + " ms)" : "")
                            + (afterClearedRecovery ? "; a recovery run had cleared its intent before" : ""), known);
                }
            } else if (pr.result() == SimCc.Result.ACCEPTED) {
                acceptedFirst.put(pr.token(), pr.issued());
            }
        }
    }

    /** (c): every issued set is stored unless its loss is explained; a chain we lost is diagnosed precisely. */
    private void checkEveryIssueStored(Map<Integer, String> storedIssues, TokenPointer p) {
        for (SimCc.Issue k : cc.issues) {
            if (k.index == 0 || storedIssues.containsKey(k.index)) {
                continue;
            }
            if (k.fate != SimCc.Fate.DELIVERED) {
                count("outcome.set-lost.answer-lost");
                continue;
            }
            SimScheduler.Actor receiver = sched.actors().stream().filter(a -> a.name.equals(k.actor)).findFirst().orElseThrow();
            boolean crashed = receiver.killed && receiver.killedAt >= k.atMs;
            SimVault.Attempt last = vault.lastAttempt.get(k.index);
            long leftAtLast = last == null ? Long.MAX_VALUE : last.deadlineMs() - last.endMs();
            if (crashed || leftAtLast <= PERSIST_NEAR_DEADLINE_MS) {
                count(crashed ? "outcome.set-lost.receiver-killed" : "outcome.set-lost.deadline");
            } else {
                boolean afterFailedLookup = cc.presentations.stream()
                        .anyMatch(pr -> pr.issued() == k.index && pr.afterFailedLookup());
                violate("c", "cc#" + k.index + " was delivered to " + k.actor + " and never stored, though " + k.actor
                        + " neither crashed nor reached its deadline" + (last == null ? " (it never tried to store it)"
                        : " (its last attempt ended " + leftAtLast + " ms before its deadline)")
                        + (afterFailedLookup ? "; it came from re-presenting a token right after a failed vault look-up" : ""),
                        afterFailedLookup ? Known.F3_FAILED_ROLL_FORWARD_LOOKUP_TAKEN_AS_ABSENT : null);
            }
        }
        if (p.status() == ConnectionStatus.REAUTH_REQUIRED && p.lastOutcome() != null && p.lastOutcome().contains(GENERIC_DIAGNOSIS)) {
            SimVault.Landed current = vault.landed.get(p.versionId());
            int j = current == null ? -1 : cc.issueOfRefresh(current.tokens().refreshToken().reveal());
            for (SimCc.Issue k : cc.issues) {
                if (k.parent == j && j >= 0 && (k.fate != SimCc.Fate.DELIVERED || !storedIssues.containsKey(k.index))) {
                    violate("c", "the chain ended REAUTH_REQUIRED with the generic diagnosis (\"" + GENERIC_DIAGNOSIS + "\") although"
                            + " our side lost cc#" + k.index + " (" + (k.fate != SimCc.Fate.DELIVERED ? "answer " + k.fate
                            : "delivered to " + k.actor + ", never stored") + ")"
                            + (pointers.clearedARecoveryIntentAt < Long.MAX_VALUE ? "; a recovery run had cleared its intent" : ""),
                            pointers.clearedARecoveryIntentAt < Long.MAX_VALUE ? Known.F1_RECOVERY_CLEARS_AN_ABANDONED_INTENT : null);
                    break;
                }
            }
        }
    }

    /** (b): after the final fault-free caller, never REAUTH_REQUIRED nor refusing while a usable set is stored. */
    private void checkFinalState(TokenPointer p) {
        String usable = null;
        for (SimVault.Landed l : vault.landed.values()) {
            if (cc.accepts(l.tokens().refreshToken().reveal(), sched.now())) {
                usable = "g" + l.generation() + " (cc#" + vault.issueOf(l.tokens()) + ")";
            }
        }
        if (usable == null) {
            count("final.no-usable-set-stored");
            return;
        }
        if (p.status() == ConnectionStatus.REAUTH_REQUIRED) {
            violate("b", "the tenant ended REAUTH_REQUIRED at g" + p.generation() + " while the vault holds " + usable
                    + ", whose refresh token CC still accepts");
            return;
        }
        SimScheduler.Actor f = sched.actors().getLast();
        if (f.refusals == 2) {
            violate("b", "the final fault-free caller was refused twice while the vault holds " + usable
                    + ", whose refresh token CC still accepts");
        }
    }

    private void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    private void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }
}
