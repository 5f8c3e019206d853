package io.ccheadless.core.token;

import java.time.Duration;
import java.util.Optional;

/**
 * How far this machine's clock is from the stores' (AWS answers carry a {@code Date} header). The lease
 * protocol tolerates clocks that differ by {@link TokenPolicy#maxClockSkew()}; a redeemer whose own clock is
 * further off than half of that refuses to redeem, so an operator's laptop with a wrong clock can never
 * take over a lease that is still running (docs/token-lifecycle.md, "Clock skew").
 */
@FunctionalInterface
public interface ClockCheck {
    /**
     * The local clock minus the stores' clock as far as the last observation makes certain (the smallest offset it
     * allows); empty when nothing was observed yet.
     */
    Optional<Duration> offset();

    /** For machines whose clock is disciplined and tests on one clock. */
    ClockCheck TRUSTED = Optional::empty;
}
