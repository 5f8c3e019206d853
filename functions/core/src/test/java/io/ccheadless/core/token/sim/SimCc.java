package io.ccheadless.core.token.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CC's token endpoint as the protocol must survive it, and the ground truth of what it issued. Rotating modes: each
 * refresh token works once and a successful refresh kills every earlier one; optionally reuse of an already-rotated
 * token revokes the whole chain (Okta-style family revocation); optionally the token rotated last is still accepted
 * for a grace window. Long-lived mode answers the same refresh token every time (or omits it).
 * Token values are {@code rt-K}/{@code at-K}; traces name them {@code cc#K} only.
 */
final class SimCc {
    enum Fate {
        /** The answer reached the client readable (possibly malformed, but with a usable refresh token). */
        DELIVERED,
        /** CC processed the refresh and the answer never arrived (timeout or reset after processing). */
        DROPPED,
        /** CC processed the refresh and answered something no client can use (not JSON, neither token). */
        UNREADABLE
    }

    /** One token set CC issued. {@code parent} is the issue whose refresh token was redeemed (-1: the authorization). */
    static final class Issue {
        final int index;
        final int parent;
        final String actor;
        final long atMs;
        final String refresh;
        final String access;
        Fate fate = Fate.DELIVERED;
        String malformed = "";

        Issue(int index, int parent, String actor, long atMs, String refresh, String access) {
            this.index = index;
            this.parent = parent;
            this.actor = actor;
            this.atMs = atMs;
            this.refresh = refresh;
            this.access = access;
        }
    }

    enum Result { ACCEPTED, ROTATED_OUT, REVOKED, UNKNOWN }

    /**
     * One refresh token CC processed: which issue's token, by whom, what came of it, and whether the presenting call
     * had just failed to look a version up in the vault (evidence for known finding F3).
     */
    record Presentation(int token, String actor, long atMs, Result result, int issued, boolean afterFailedLookup) {
    }

    final SimFaults.CcMode mode;
    final long graceMs;
    final boolean omitLongLivedRefresh;
    final List<Issue> issues = new ArrayList<>();
    final List<Presentation> presentations = new ArrayList<>();
    private final Map<String, Integer> byRefresh = new HashMap<>();
    private final Map<String, Integer> byAccess = new HashMap<>();
    private int live = -1;
    private int previous = -1;
    private long rotatedAt;
    boolean revoked;
    int revokedByReuseOf = -1;

    SimCc(SimFaults.CcMode mode, long graceMs, boolean omitLongLivedRefresh) {
        this.mode = mode;
        this.graceMs = graceMs;
        this.omitLongLivedRefresh = omitLongLivedRefresh;
    }

    boolean rotating() {
        return mode != SimFaults.CcMode.LONG_LIVED;
    }

    /** The first set of the chain (the one-time authorization). */
    Issue authorize(long nowMs) {
        Issue i = issue(-1, "setup", nowMs);
        live = i.index;
        return i;
    }

    private Issue issue(int parent, String actor, long nowMs) {
        int k = issues.size();
        String refresh = rotating() || k == 0 ? "rt-" + k : issues.get(0).refresh;
        Issue i = new Issue(k, parent, actor, nowMs, refresh, "at-" + k);
        issues.add(i);
        byRefresh.putIfAbsent(refresh, k);
        byAccess.put(i.access, k);
        return i;
    }

    /** CC processing {@code refreshToken}: the issue it answers, or null with {@link #lastRefusal}. */
    Issue refresh(String actor, String refreshToken, long nowMs, boolean afterFailedLookup) {
        Integer j = byRefresh.get(refreshToken);
        if (j == null) {
            presentations.add(new Presentation(-1, actor, nowMs, Result.UNKNOWN, -1, afterFailedLookup));
            lastRefusal = Result.UNKNOWN;
            return null;
        }
        if (revoked) {
            presentations.add(new Presentation(j, actor, nowMs, Result.REVOKED, -1, afterFailedLookup));
            lastRefusal = Result.REVOKED;
            return null;
        }
        if (!rotating()) {
            Issue i = issue(j, actor, nowMs);
            presentations.add(new Presentation(j, actor, nowMs, Result.ACCEPTED, i.index, afterFailedLookup));
            return i;
        }
        boolean inGrace = mode == SimFaults.CcMode.GRACE && j == previous && nowMs - rotatedAt <= graceMs;
        if (j == live || inGrace) {
            Issue i = issue(j, actor, nowMs);
            if (j == live) {
                previous = live;
                rotatedAt = nowMs;
            }
            live = i.index;
            presentations.add(new Presentation(j, actor, nowMs, Result.ACCEPTED, i.index, afterFailedLookup));
            return i;
        }
        if (mode == SimFaults.CcMode.STRICT_FAMILY_REVOCATION) {
            revoked = true;
            revokedByReuseOf = j;
        }
        presentations.add(new Presentation(j, actor, nowMs, Result.ROTATED_OUT, -1, afterFailedLookup));
        lastRefusal = Result.ROTATED_OUT;
        return null;
    }

    Result lastRefusal;

    /** Whether CC would accept {@code refreshToken} now. */
    boolean accepts(String refreshToken, long nowMs) {
        Integer j = byRefresh.get(refreshToken);
        if (j == null || revoked) {
            return false;
        }
        if (!rotating()) {
            return true;
        }
        return j == live || (mode == SimFaults.CcMode.GRACE && j == previous && nowMs - rotatedAt <= graceMs);
    }

    /** The issue an access token belongs to, or -1. */
    int issueOfAccess(String accessToken) {
        Integer k = byAccess.get(accessToken);
        return k == null ? -1 : k;
    }

    /** The issue a refresh token belongs to (rotating modes), or -1. */
    int issueOfRefresh(String refreshToken) {
        Integer k = byRefresh.get(refreshToken);
        return k == null ? -1 : k;
    }

    int live() {
        return live;
    }
}
