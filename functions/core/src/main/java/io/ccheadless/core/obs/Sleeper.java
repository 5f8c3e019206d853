package io.ccheadless.core.obs;

import java.time.Duration;

/** Waiting, injectable so tests step a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
