package io.ccheadless.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Takes a tenant's lease, waiting with backoff while somebody else holds it: consistent reads only while
 * waiting, and a new lease attempt only once the holder's lease has ended for every clock
 * ({@link TokenPolicy#endedForEveryone}). A redeemer whose own clock is too far off takes no lease at all.
 */
final class LeaseWaiter {
    private final PointerStore pointers;
    private final TokenPolicy policy;
    private final Clock clock;
    private final ClockCheck clockCheck;
    private final Pause pause;
    private final TokenTelemetry telemetry;
    private final String owner;

    LeaseWaiter(PointerStore pointers, TokenPolicy policy, Clock clock, ClockCheck clockCheck, Pause pause,
                TokenTelemetry telemetry, String owner) {
        this.pointers = Objects.requireNonNull(pointers, "pointers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockCheck = Objects.requireNonNull(clockCheck, "clockCheck");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** What waiting ended with. */
    sealed interface Outcome permits Holding, Overtaken {
    }

    /** The lease is ours; {@code pointer} is the item as our conditional write left it (the protocol's re-read). */
    record Holding(Lease lease, TokenPointer pointer) implements Outcome {
    }

    /** While we waited, another holder committed a newer generation whose token is usable. */
    record Overtaken(TokenPointer pointer) implements Outcome {
    }

    /**
     * One attempt, no waiting: the lease, or null when somebody holds it. A write whose answer was lost may still
     * have taken the lease, and a retry of it then finds "a holder" with our own fence: the fence is ours alone, so
     * one read tells (else the lease would sit unused to its end while everybody waits for it).
     */
    Holding tryOnce(String tenant, Instant now, Instant deadline) {
        requireTrustworthyClock();
        Lease lease = newLease(now, deadline);
        PointerStore.LeaseAttempt attempt;
        try {
            attempt = pointers.tryAcquire(tenant, lease, policy.takeoverCutoff(now));
        } catch (StoreUnavailableException e) {
            TokenPointer p = pause.retrying(() -> pointers.read(tenant).orElse(null), clock, deadline.minus(policy.leaseMargin()));
            if (p != null && p.lease() != null && p.lease().fence().equals(lease.fence())) {
                return new Holding(p.lease(), p);
            }
            return null;
        }
        if (attempt instanceof PointerStore.Acquired a) {
            return new Holding(lease, a.pointer());
        }
        if (((PointerStore.Held) attempt).holder().fence().equals(lease.fence())) {
            // The "holder" is us: an attempt whose answer was lost landed, and a retry (ours or the SDK's) found it.
            TokenPointer p = pause.retrying(() -> pointers.read(tenant).orElse(null), clock, deadline.minus(policy.leaseMargin()));
            return p != null && p.lease() != null && p.lease().fence().equals(lease.fence()) ? new Holding(p.lease(), p) : null;
        }
        return null;
    }

    /**
     * Waits for the lease. With {@code seen} given, a newer generation than {@code seen}'s that another holder
     * committed meanwhile (no intent left, token not expired) ends the wait as {@link Overtaken}.
     */
    Outcome acquire(String tenant, Instant deadline, TokenPointer seen) {
        Instant start = clock.instant();
        Duration backoff = policy.waitInitial();
        while (true) {
            Instant now = clock.instant();
            Holding h;
            try {
                h = tryOnce(tenant, now, deadline);
            } catch (StoreUnavailableException e) {
                h = null;   // neither the write nor the read answered: wait, then look again
            }
            if (h != null) {
                return h;
            }
            while (true) {
                Duration wait = pause.jitter(backoff);
                if (clock.instant().plus(wait).isAfter(deadline.minus(policy.leaseMargin()))) {
                    throw new TokenUnavailableException("timed out waiting for the token lease of tenant '" + tenant
                            + "'; the holder's lease ends by itself and the next run retries", null, true, null);
                }
                pause.sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(policy.waitMax()) > 0 ? policy.waitMax() : backoff.multipliedBy(2);
                TokenPointer p;
                try {
                    p = pointers.read(tenant).orElse(null);
                } catch (StoreUnavailableException e) {
                    continue;   // a failed poll is no answer: keep waiting until the deadline
                }
                now = clock.instant();
                if (seen != null && p != null && p.connected()) {
                    TokenService.requireUsable(tenant, p);
                    if (p.generation() > seen.generation() && p.intent() == null
                            && policy.classify(p.accessTokenExpiresAt(), now) != Freshness.EXPIRED) {
                        telemetry.waited(tenant, Duration.between(start, now));
                        return new Overtaken(p);
                    }
                }
                if (p == null || policy.endedForEveryone(p.lease(), now)) {
                    break;   // free, or its holder stopped: try to take it
                }
            }
        }
    }

    private Lease newLease(Instant now, Instant deadline) {
        return new Lease(owner, pause.fence(), policy.leaseUntil(now, deadline));
    }

    private void requireTrustworthyClock() {
        clockCheck.offset().ifPresent(offset -> {
            Duration bound = policy.maxClockSkew().dividedBy(2);
            if (offset.abs().compareTo(bound) > 0) {
                throw new TokenUnavailableException("this machine's clock is " + offset.toMillis() + " ms off the AWS clock"
                        + " (more than " + bound.toMillis() + " ms): it takes no token lease until its clock is set right",
                        "synchronize this machine's clock (NTP)", true, null);
            }
        });
    }
}
