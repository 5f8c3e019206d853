package io.ccheadless.cli;

import io.ccheadless.core.obs.Log;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * How the log lines of the application (token refreshes, sync passes, warnings) reach the operator, on
 * standard error: readable lines ({@link #TEXT}, the default), or the structured JSON lines of
 * {@code core/obs/Log} exactly as the functions write them, metric records included ({@link #JSON}).
 */
enum LogFormat {
    TEXT,
    JSON;

    Log log(PrintStream err, Clock clock) {
        Consumer<String> sink = this == JSON ? err::println : line -> TextLog.render(line).ifPresent(err::println);
        return new Log(sink, clock, "cch");
    }
}
