package io.ccheadless.core.obs;

import io.ccheadless.core.json.Json;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Structured JSON log lines (one object per line, as CloudWatch's JSON log format expects). Values are
 * written with {@code String.valueOf}, so a {@code Secret} passed by mistake prints masked. Written with
 * jackson-core alone ({@link Json}): every function logs during init.
 */
public final class Log {
    private final Consumer<String> sink;
    private final Clock clock;
    private final String logger;

    public Log(Consumer<String> sink, Clock clock, String logger) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    public static Log to(PrintStream out, Clock clock, String logger) {
        return new Log(out::println, clock, logger);
    }

    public Log named(String name) {
        return new Log(sink, clock, name);
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    /** Writes an already-formed JSON line (an EMF metric record) to the same sink as the log lines. */
    public void raw(String jsonLine) {
        sink.accept(jsonLine);
    }

    private void write(String level, String message, Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in key/value pairs");
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("timestamp", clock.instant().toString());
        n.put("level", level);
        n.put("logger", logger);
        n.put("message", message);
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v instanceof Integer || v instanceof Long) {
                n.put(String.valueOf(kv[i]), ((Number) v).longValue());
            } else if (v instanceof Number num) {
                n.put(String.valueOf(kv[i]), num.doubleValue());
            } else if (v instanceof Boolean b) {
                n.put(String.valueOf(kv[i]), b);
            } else {
                n.put(String.valueOf(kv[i]), String.valueOf(v));
            }
        }
        sink.accept(Json.write(n));
    }
}
