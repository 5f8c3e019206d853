package io.ccheadless.aws.testing;

import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertAll;

/** Fault cases whose waits overlap: each on a virtual thread of its own, every failure reported by its case's name. */
public final class Concurrently {
    private Concurrently() {
    }

    /** Runs every case at once, then reports each one's failure by name. */
    public static void run(Map<String, Executable> cases) {
        Map<String, CompletableFuture<Throwable>> running = new LinkedHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            cases.forEach((name, c) -> running.put(name, CompletableFuture.supplyAsync(() -> {
                try {
                    c.execute();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, pool)));
            assertAll(running.entrySet().stream().map(e -> () -> {
                Throwable t = e.getValue().join();
                if (t != null) {
                    throw new AssertionError(e.getKey() + ": " + t.getMessage(), t);
                }
            }));
        }
    }
}
