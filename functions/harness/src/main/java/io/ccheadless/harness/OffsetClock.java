package io.ccheadless.harness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** System time plus an offset the coordinator sets, so every process reads the sandbox's (advanced) time. */
final class OffsetClock extends Clock {
    private volatile long offsetMillis;

    void setOffset(long millis) {
        offsetMillis = millis;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(Duration.ofMillis(offsetMillis));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
