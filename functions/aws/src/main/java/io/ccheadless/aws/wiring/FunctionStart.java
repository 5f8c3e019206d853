package io.ccheadless.aws.wiring;

import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.obs.Log;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a handler's no-argument constructor starts, once per container: the {@link Container} from the environment
 * and the beans the handler takes from it — or, if that failed (a misconfiguration, say), the failure, which every
 * invocation then reports in one line. Then priming: registered for SnapStart's checkpoint, and run at once when no
 * checkpoint is coming ({@code PRIME_ON_INIT}, default true; skipped during a SnapStart init, whose checkpoint primes).
 */
public final class FunctionStart {
    /** Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE} while it initializes a function to snapshot it. */
    static final String SNAP_START = "snap-start";

    private final Map<String, String> env;
    private final Container container;
    private final Log log;
    private RuntimeException failure;

    private FunctionStart(Map<String, String> env, Container container, RuntimeException failure, Log log) {
        this.env = env;
        this.container = container;
        this.failure = failure;
        this.log = log;
    }

    public static FunctionStart fromEnvironment(String component) {
        return start(component, System.getenv());
    }

    public static FunctionStart start(String component, Map<String, String> env) {
        Log log = Log.to(System.out, Clock.systemUTC(), component);
        try {
            long started = System.nanoTime();
            Container container = Container.fromEnvironment(component, env);
            log.info("container started", "duration_ms", (System.nanoTime() - started) / 1_000_000);
            return new FunctionStart(env, container, null, log);
        } catch (RuntimeException e) {
            RuntimeException cause = Container.unwrap(e);
            log.error("init failed", "error", String.valueOf(cause.getMessage()));
            return new FunctionStart(env, null, cause, log);
        }
    }

    /** {@code build}'s answer over this container's beans, or null if the container or {@code build} failed. */
    public <T> T take(Function<Container, T> build) {
        if (failure != null) {
            return null;
        }
        try {
            return build.apply(container);
        } catch (RuntimeException e) {
            failure = Container.unwrap(e);
            log.error("init failed", "error", String.valueOf(failure.getMessage()));
            return null;
        }
    }

    /** Why the function cannot serve (every invocation reports it), or null. */
    public RuntimeException failure() {
        return failure;
    }

    /**
     * Registers {@code steps} for SnapStart's checkpoint and runs them now unless a checkpoint is coming or
     * PRIME_ON_INIT is false. Keep the answer referenced (the handler's field): the CRaC context may hold it weakly.
     */
    public Priming prime(Function<Container, Map<String, Priming.Step>> steps) {
        if (failure != null) {
            return null;
        }
        Priming p = take(c -> new Priming(steps.apply(c), c.bean(SnapshotHygiene.class), log).register());
        if (p != null && container.bean(Settings.class).primeOnInit() && !SNAP_START.equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            p.prime();
        }
        return p;
    }

    /** The container, for tests that look inside it (null if it failed to start). */
    public Container container() {
        return container;
    }
}
