package io.ccheadless.core.token.sim;

import io.ccheadless.core.token.TokenPointer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A cooperative scheduler on a virtual clock. Actors run real code on real (virtual) threads, but only one runs at a
 * time: every port call is a {@link #yieldPoint} where the seeded scheduler picks which runnable actor continues, or
 * kills the one it picked (SIGKILL: it never runs again, its {@code finally} blocks have no effect). Sleeps and call
 * latencies {@link #blockUntil block} an actor until virtual time reaches its wake-up; when nobody is runnable, time
 * jumps to the earliest wake-up or timed event. Deterministic for a seed: actors and timers are kept in insertion
 * order, the wall clock is read only to detect an actor that blocks outside the scheduler.
 */
final class SimScheduler {
    /** Thrown inside a killed actor at its next yield point; an {@link Error}, so production catch blocks let it pass. */
    static final class Crashed extends Error {
        Crashed() {
            super("killed by the simulation", null, false, false);
        }
    }

    /** A schedule that cannot end: step or time bound exceeded, or an actor blocked outside the scheduler. */
    static final class Stuck extends RuntimeException {
        Stuck(String message) {
            super(message);
        }
    }

    enum State { READY, SLEEPING, RUNNING, DONE, KILLED }

    /** One process: its own clock skew, its own thread. */
    final class Actor {
        final int id;
        final String name;
        final long skewMs;
        final boolean faultFree;
        final Semaphore turn = new Semaphore(0);
        final CountDownLatch gone = new CountDownLatch(1);
        final Clock clock;
        State state = State.READY;
        long wakeAt;
        boolean killed;
        String killedBy;
        long killedAt = -1;
        Throwable failure;
        /** The number of the invocation running now, and how many invocations were refused. */
        int invocation;
        int refusals;
        /** When the running invocation's Lambda deadline falls (real time, ms). */
        long deadlineMs = Long.MAX_VALUE;
        /** What the ports saw during the actor's current invocation, for invariant (e). */
        final CallSeen call = new CallSeen();

        Actor(int id, String name, long skewMs, boolean faultFree) {
            this.id = id;
            this.name = name;
            this.skewMs = skewMs;
            this.faultFree = faultFree;
            this.clock = new ActorClock(this);
        }

        Instant localNow() {
            return Instant.ofEpochMilli(now + skewMs);
        }

        boolean alive() {
            return state != State.DONE && state != State.KILLED;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What one invocation's own reads saw: its first pointer read, and whether a read of that version failed. */
    static final class CallSeen {
        boolean open;
        boolean pointerRead;
        TokenPointer pointer;
        boolean pointerReadFailed;
        Instant pointerReadAt;
        boolean currentVersionReadFailed;
        boolean lookupFailed;
        boolean adoptedAfterInvalidGrant;

        void begin() {
            lookupFailed = false;
            adoptedAfterInvalidGrant = false;
            open = true;
            pointerRead = false;
            pointer = null;
            pointerReadFailed = false;
            pointerReadAt = null;
            currentVersionReadFailed = false;
        }
    }

    private final class ActorClock extends Clock {
        private final Actor actor;

        ActorClock(Actor actor) {
            this.actor = actor;
        }

        @Override
        public Instant instant() {
            return actor.localNow();
        }

        @Override
        public long millis() {
            return now + actor.skewMs;
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

    private record Timer(long at, long seq, Actor wake, String label, Runnable event) {
    }

    final Random random;
    final SimTrace trace;
    private final long startMs;
    private final long maxSteps;
    private final long maxMs;
    private final double crashPerStep;
    private int crashBudget;
    private final List<Actor> actors = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private final Semaphore control = new Semaphore(0);
    private volatile long now;
    private long seq;
    private long steps;
    private volatile Actor running;
    private Runnable afterStep = () -> { };
    int crashes;

    SimScheduler(Random random, SimTrace trace, Instant start, long maxSteps, Duration maxTime, double crashPerStep,
                 int crashBudget) {
        this.random = random;
        this.trace = trace;
        this.startMs = start.toEpochMilli();
        this.now = startMs;
        this.maxSteps = maxSteps;
        this.maxMs = startMs + maxTime.toMillis();
        this.crashPerStep = crashPerStep;
        this.crashBudget = crashBudget;
    }

    long now() {
        return now;
    }

    Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    /** Milliseconds since the schedule started, for traces. */
    long elapsed() {
        return now - startMs;
    }

    long steps() {
        return steps;
    }

    List<Actor> actors() {
        return actors;
    }

    void afterEveryStep(Runnable check) {
        this.afterStep = check;
    }

    /** The actor whose thread is running now (the caller of a port). */
    Actor current() {
        Actor a = running;
        if (a == null) {
            throw new IllegalStateException("a port was called outside any actor");
        }
        return a;
    }

    Actor spawn(String name, long skewMs, boolean faultFree, Runnable body) {
        Actor a = new Actor(actors.size(), name, skewMs, faultFree);
        actors.add(a);
        Thread.ofVirtual().name("sim-" + name).start(() -> {
            a.turn.acquireUninterruptibly();
            try {
                if (!a.killed) {
                    body.run();
                }
            } catch (Crashed c) {
                // SIGKILL: nothing more happens in this process
            } catch (Throwable t) {
                a.failure = t;
            } finally {
                if (a.killed) {
                    a.gone.countDown();
                } else {
                    a.state = State.DONE;
                    control.release();
                }
            }
        });
        return a;
    }

    /** A point where another actor may run first, or this one may be killed. Called only by the running actor. */
    void yieldPoint(String label) {
        Actor a = current();
        if (a.killed) {
            throw new Crashed();
        }
        if (label != null) {
            trace.step(elapsed(), a.name, label);
        }
        a.state = State.READY;
        handBack(a);
    }

    /** Blocks the running actor until virtual time {@code atMs} (a sleep, or a call's latency). */
    void blockUntil(long atMs) {
        Actor a = current();
        if (a.killed) {
            throw new Crashed();
        }
        a.state = State.SLEEPING;
        a.wakeAt = Math.max(atMs, now);
        timers.add(new Timer(a.wakeAt, seq++, a, null, null));
        handBack(a);
    }

    void blockFor(long ms) {
        blockUntil(now + Math.max(0, ms));
    }

    /** An effect that happens at virtual time {@code atMs} whoever runs then (a write landing after its caller timed out). */
    void at(long atMs, String label, Runnable event) {
        timers.add(new Timer(Math.max(atMs, now), seq++, null, label, event));
    }

    private void handBack(Actor a) {
        control.release();
        a.turn.acquireUninterruptibly();
        if (a.killed) {
            throw new Crashed();
        }
    }

    /** Kills {@code a} now (it must be parked): it never runs again. */
    void kill(Actor a, String why) {
        if (!a.alive()) {
            return;
        }
        a.killed = true;
        a.killedBy = why;
        a.killedAt = now;
        a.state = State.KILLED;
        trace.step(elapsed(), a.name, "KILLED (" + why + ")");
        Actor before = running;
        running = a;
        a.turn.release();
        try {
            if (!a.gone.await(10, TimeUnit.SECONDS)) {
                throw new Stuck("killed actor " + a.name + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stuck("interrupted");
        }
        running = before;
    }

    /** Runs until every actor is done or killed. Throws {@link Stuck} when a bound is exceeded. */
    void run() {
        List<Actor> ready = new ArrayList<>();
        while (true) {
            if (++steps > maxSteps) {
                throw new Stuck("more than " + maxSteps + " scheduler steps");
            }
            fireDue();
            ready.clear();
            for (Actor a : actors) {
                if (a.state == State.READY) {
                    ready.add(a);
                }
            }
            if (ready.isEmpty()) {
                Timer t = timers.poll();
                if (t == null) {
                    for (Actor a : actors) {
                        if (a.alive()) {
                            throw new Stuck("actor " + a.name + " is " + a.state + " with nothing to wake it");
                        }
                    }
                    return;
                }
                if (t.at > maxMs) {
                    throw new Stuck("virtual time would pass its bound (+" + (maxMs - startMs) + " ms)");
                }
                now = Math.max(now, t.at);
                fire(t);
                continue;
            }
            Actor a = ready.get(ready.size() == 1 ? 0 : random.nextInt(ready.size()));
            if (!a.faultFree && crashBudget > 0 && crashPerStep > 0 && random.nextDouble() < crashPerStep) {
                crashBudget--;
                crashes++;
                kill(a, "crash");
                afterStep.run();
                continue;
            }
            a.state = State.RUNNING;
            running = a;
            a.turn.release();
            try {
                if (!control.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new Stuck("actor " + a.name + " did not reach a yield point (blocked outside the scheduler)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stuck("interrupted");
            }
            running = null;
            afterStep.run();
        }
    }

    private void fireDue() {
        while (!timers.isEmpty() && timers.peek().at <= now) {
            fire(timers.poll());
        }
    }

    private void fire(Timer t) {
        if (t.wake != null) {
            if (t.wake.state == State.SLEEPING && t.wake.wakeAt == t.at) {
                t.wake.state = State.READY;
            }
            return;
        }
        if (t.label != null) {
            trace.step(elapsed(), "--", t.label);
        }
        t.event.run();
    }

    /** After {@link #run}, releases the threads of actors still parked (only after a {@link Stuck} failure). */
    void abandon() {
        for (Actor a : actors) {
            if (a.alive()) {
                a.killed = true;
                a.state = State.KILLED;
                running = a;
                a.turn.release();
                try {
                    a.gone.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        running = null;
    }
}
