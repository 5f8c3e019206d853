package io.ccheadless.aws.wiring;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The random source of lease fences and backoff jitter, safe to share between threads and re-seeded after a
 * SnapStart restore ({@link #reseed()}): every container restored from one snapshot would otherwise draw the same
 * fences. Each seed is fresh entropy from the operating system plus the moment of re-seeding.
 */
public final class ReseedableRandom implements RandomGenerator {
    private volatile SecureRandom current = fresh();

    @Override
    public long nextLong() {
        return current.nextLong();
    }

    /** Starts a new, independently seeded sequence. */
    public void reseed() {
        current = fresh();
    }

    private static SecureRandom fresh() {
        SecureRandom r = new SecureRandom();
        r.setSeed(r.generateSeed(16));
        r.setSeed(System.nanoTime());
        return r;
    }
}
