package io.ccheadless.bench;

import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock that runs with real time while any worker works, and skips ahead while every worker waits: when all
 * registered workers are asleep in {@link #sleeper()}, it jumps to the earliest of their wake-ups. So real latencies
 * (moto, HTTP, the CPU) pass at their own pace on this clock, and the idle time a rate limit imposes (the governor's
 * slots, a lease wait, a backoff) costs no real time: a simulated day of paced requests takes the time its work takes.
 * A worker blocked anywhere else (a lock, a socket) counts as working, so the clock never skips past work in flight;
 * at worst it runs at real time. Workers register for the phase they run in ({@link #join}, {@link #leave}).
 */
final class SimulatedTime extends Clock {
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private long skippedNanos;
    private final java.util.Set<Thread> workers = new java.util.HashSet<>();
    private int asleep;
    private final PriorityQueue<Long> wakeups = new PriorityQueue<>();
    private long skips;

    SimulatedTime(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** Nanoseconds since {@code start} on this clock. */
    private long now() {
        return System.nanoTime() - startNanos + skippedNanos;
    }

    @Override
    public synchronized Instant instant() {
        return start.plusNanos(now());
    }

    /** The calling thread works from now on: the clock skips only while it sleeps. */
    synchronized void join() {
        workers.add(Thread.currentThread());
    }

    synchronized void leave() {
        workers.remove(Thread.currentThread());
        skipIfAllAsleep();
    }

    /** Total time skipped so far. */
    synchronized Duration skipped() {
        return Duration.ofNanos(skippedNanos);
    }

    synchronized long skips() {
        return skips;
    }

    /** Waits {@code d} on this clock; a worker's waits let the clock skip when every worker waits. */
    Sleeper sleeper() {
        return this::sleep;
    }

    private synchronized void sleep(Duration d) throws InterruptedException {
        long wake = now() + d.toNanos();
        if (!workers.contains(Thread.currentThread())) {   // not a worker: it waits, but never lets the clock skip
            for (long left = wake - now(); left > 0; left = wake - now()) {
                wait(Math.max(1, left / 1_000_000));
            }
            return;
        }
        asleep++;
        wakeups.add(wake);
        try {
            skipIfAllAsleep();
            for (long left = wake - now(); left > 0; left = wake - now()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } finally {
            asleep--;
            wakeups.remove(wake);
        }
    }

    private void skipIfAllAsleep() {
        if (!workers.isEmpty() && asleep >= workers.size() && !wakeups.isEmpty()) {
            long ahead = wakeups.peek() - now();
            if (ahead > 0) {
                skippedNanos += ahead;
                skips++;
            }
            notifyAll();
        }
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
