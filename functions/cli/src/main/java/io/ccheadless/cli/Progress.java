package io.ccheadless.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a long command runs, a line on standard output every {@link #EVERY} ("  ... still syncing (30 s)"),
 * so a person at a terminal sees it is alive. Only with the text log format; for machines, nothing.
 */
final class Progress implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(15);
    private final ScheduledExecutorService timer;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Progress start(CliContext ctx, String doing) {
        if (ctx.logFormat() != LogFormat.TEXT) {
            return new Progress(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cch-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> ctx.out().printf("  ... still %s (%d s)%n", doing,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new Progress(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
