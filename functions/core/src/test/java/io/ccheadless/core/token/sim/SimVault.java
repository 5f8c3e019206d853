package io.ccheadless.core.token.sim;

import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.token.Lease;
import io.ccheadless.core.token.TokenVault;
import io.ccheadless.core.token.VaultException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The vault as the simulation's actors see it: the in-memory vault's Secrets Manager rule (a second, different value
 * under the same ClientRequestToken is refused) behind seeded faults ({@link SimStoreCalls}). Keeps the ground truth of
 * every version that landed, and records failed reads of an invocation's current version for invariant (e).
 */
final class SimVault implements TokenVault {
    /**
     * A version as it landed: the generation it was written as, the set, when, and whether its writer's own lease had
     * ended by its writer's own clock (evidence for known finding F4).
     */
    record Landed(long generation, TokenSet tokens, long atMs, boolean afterWritersLease) {
    }

    /** A write attempt of one CC issue: when it ended (failed or not) and its writer's invocation deadline. */
    record Attempt(long endMs, long deadlineMs) {
    }

    final InMemoryTokenVault inner = new InMemoryTokenVault();
    /** The last write attempt of each CC issue, for invariant (c)'s "stored until the deadline". */
    final Map<Integer, Attempt> lastAttempt = new LinkedHashMap<>();
    final Map<String, Landed> landed = new LinkedHashMap<>();
    private final SimScheduler sched;
    private final SimStoreCalls calls;
    private final SimCc cc;

    private final SimPointerStore pointers;

    SimVault(SimScheduler sched, SimFaults faults, SimCc cc, SimPointerStore pointers, Duration bound) {
        this.sched = sched;
        this.pointers = pointers;
        this.cc = cc;
        this.calls = new SimStoreCalls(sched, faults, bound, "vault.");
    }

    private static RuntimeException transientFailure(String m) {
        return new VaultException(m, VaultException.Kind.TRANSIENT, null);
    }

    @Override
    public TokenSet read(String tenant, String versionId) {
        SimScheduler.Actor a = sched.current();
        try {
            return calls.call("read(" + name(versionId) + ")", false, () -> inner.read(tenant, versionId), this::describe,
                    SimVault::transientFailure);
        } catch (VaultException e) {
            noteFailedRead(a, versionId);
            throw e;
        }
    }

    @Override
    public Optional<TokenSet> find(String tenant, String versionId) {
        SimScheduler.Actor a = sched.current();
        try {
            return calls.call("find(" + name(versionId) + ")", false, () -> inner.find(tenant, versionId),
                    r -> r.map(this::describe).orElse("absent"), SimVault::transientFailure);
        } catch (VaultException e) {
            noteFailedRead(a, versionId);
            a.call.lookupFailed = true;
            throw e;
        }
    }

    @Override
    public void write(String tenant, String versionId, long generation, TokenSet tokens) {
        SimScheduler.Actor a = sched.current();
        try {
            write(a, tenant, versionId, generation, tokens);
        } finally {
            lastAttempt.put(issueOf(tokens), new Attempt(sched.now(), a.deadlineMs));
        }
    }

    private void write(SimScheduler.Actor a, String tenant, String versionId, long generation, TokenSet tokens) {
        calls.call("write(" + name(versionId) + " as g" + generation + ", " + describe(tokens) + ")", true, () -> {
            inner.write(tenant, versionId, generation, tokens);
            Lease l = pointers.leaseOf.get(a.name);
            boolean late = l != null && sched.now() + a.skewMs > l.until().toEpochMilli();
            landed.putIfAbsent(versionId, new Landed(generation, tokens, sched.now(), late));
            return null;
        }, r -> "ok", SimVault::transientFailure);
    }

    /** Setup only: stores the authorization's set without a yield point. */
    void seed(String tenant, String versionId, TokenSet tokens) {
        inner.write(tenant, versionId, 1, tokens);
        landed.put(versionId, new Landed(1, tokens, sched.now(), false));
    }

    private void noteFailedRead(SimScheduler.Actor a, String versionId) {
        if (a.call.open && a.call.pointer != null && versionId.equals(a.call.pointer.versionId())) {
            a.call.currentVersionReadFailed = true;
        }
    }

    /** A version id as the trace names it: the generation it landed as, if any. */
    String name(String versionId) {
        Landed l = landed.get(versionId);
        return "v:" + versionId.substring(0, 4) + (l == null ? "" : "=g" + l.generation());
    }

    /** A token set by CC's issue number, never by value. */
    String describe(TokenSet t) {
        return "cc#" + issueOf(t) + (t.hasAccessToken() ? "" : "(no access token)");
    }

    int issueOf(TokenSet t) {
        if (t.hasAccessToken()) {
            return cc.issueOfAccess(t.accessToken().reveal());
        }
        return cc.issueOfRefresh(t.refreshToken().reveal());
    }
}
