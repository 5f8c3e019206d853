package io.ccheadless.sandbox.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Device-flow authorizations (RFC 8628) waiting for a user to approve or deny their user code. */
public final class DeviceAuthorizations {
    /** What a client is told by {@code /device/authorize}. */
    public record Started(Secret deviceCode, String userCode, Duration expiresIn, Duration interval) {
    }

    /** What a poll of the token endpoint finds. */
    public enum PollState { PENDING, SLOW_DOWN, EXPIRED, DENIED, APPROVED, UNKNOWN }

    public record Poll(PollState state, Optional<GrantedAccess> access) {
    }

    private enum Decision { PENDING, APPROVED, DENIED, CONSUMED }

    private static final class Entry {
        final String clientId;
        final Set<String> scopes;
        final String userCode;
        final Instant expiresAt;
        Duration interval;
        Instant lastPoll;
        Decision decision = Decision.PENDING;
        ResourceOwner approvedBy;

        Entry(String clientId, Set<String> scopes, String userCode, Instant expiresAt, Duration interval) {
            this.clientId = clientId;
            this.scopes = scopes;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }
    }

    private final Map<String, Entry> byDeviceDigest = new HashMap<>();
    private final Map<String, Entry> byUserCode = new HashMap<>();
    private final RandomTokens random;
    private final Duration lifetime;
    private final Duration interval;
    private final SignedInUser owner;

    public DeviceAuthorizations(RandomTokens random, Duration lifetime, Duration interval, SignedInUser owner) {
        this.random = Objects.requireNonNull(random, "random");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    public synchronized Started start(String clientId, Set<String> scopes, Instant now) {
        Secret deviceCode = new Secret(random.next(32));
        String userCode;
        do {
            userCode = random.userCode();
        } while (byUserCode.containsKey(userCode));
        Entry e = new Entry(clientId, Set.copyOf(scopes), userCode, now.plus(lifetime), interval);
        byDeviceDigest.put(Fingerprints.sha256(deviceCode.value()), e);
        byUserCode.put(userCode, e);
        return new Started(deviceCode, userCode, lifetime, interval);
    }

    /** Approves a pending user code (as the user would on the verification page); false if unknown or decided. */
    public synchronized boolean approve(String userCode, Instant now) {
        return decide(userCode, Decision.APPROVED, now);
    }

    public synchronized boolean deny(String userCode, Instant now) {
        return decide(userCode, Decision.DENIED, now);
    }

    public synchronized boolean pending(String userCode, Instant now) {
        Entry e = byUserCode.get(normalize(userCode));
        return e != null && e.decision == Decision.PENDING && now.isBefore(e.expiresAt);
    }

    private boolean decide(String userCode, Decision d, Instant now) {
        Entry e = byUserCode.get(normalize(userCode));
        if (e == null || e.decision != Decision.PENDING || !now.isBefore(e.expiresAt)) {
            return false;
        }
        e.decision = d;
        e.approvedBy = owner.current();   // whoever is signed in on the verification page
        return true;
    }

    private static String normalize(String userCode) {
        if (userCode == null) {
            return "";
        }
        String s = userCode.trim().toUpperCase(Locale.ROOT).replace("-", "");
        return s.length() == 8 ? s.substring(0, 4) + "-" + s.substring(4) : s;
    }

    public synchronized Poll poll(String deviceCode, String clientId, boolean secretVerified, Instant now) {
        Entry e = deviceCode == null ? null : byDeviceDigest.get(Fingerprints.sha256(deviceCode));
        if (e == null || !e.clientId.equals(clientId) || e.decision == Decision.CONSUMED) {
            return new Poll(PollState.UNKNOWN, Optional.empty());
        }
        if (!now.isBefore(e.expiresAt)) {
            return new Poll(PollState.EXPIRED, Optional.empty());
        }
        Instant last = e.lastPoll;
        e.lastPoll = now;
        switch (e.decision) {
            case DENIED:
                return new Poll(PollState.DENIED, Optional.empty());
            case APPROVED:
                e.decision = Decision.CONSUMED;
                return new Poll(PollState.APPROVED, Optional.of(new GrantedAccess(clientId, e.approvedBy.subject(),
                        e.approvedBy.accountId(), e.scopes, !secretVerified)));
            default:
                if (last != null && now.isBefore(last.plus(e.interval))) {
                    e.interval = e.interval.plusSeconds(5);
                    return new Poll(PollState.SLOW_DOWN, Optional.empty());
                }
                return new Poll(PollState.PENDING, Optional.empty());
        }
    }
}
