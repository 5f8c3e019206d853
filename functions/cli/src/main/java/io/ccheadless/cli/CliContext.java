package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What every command runs with: the environment it reads its settings from, standard output (what the
 * command did, for people), standard input (secrets handed to a command) and standard error (log lines and failures), the clock, the way to wait, and,
 * once the command line is parsed, the log format. Nothing here touches AWS until {@link #open} is called,
 * so {@code --help} and usage errors stay fast.
 */
final class CliContext {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Clock clock;
    private final Sleeper sleeper;
    private LogFormat logFormat = LogFormat.TEXT;

    CliContext(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {
        this(env, System.in, out, err, clock, sleeper);
    }

    CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {
        this.in = Objects.requireNonNull(in, "in");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    static CliContext system() {
        return new CliContext(System.getenv(), System.out, System.err, Clock.systemUTC(), Sleeper.REAL);
    }

    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Standard input: where secrets are read from (never the command line, which shell history keeps). */
    InputStream in() {
        return in;
    }

    Clock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    LogFormat logFormat() {
        return logFormat;
    }

    void logFormat(LogFormat format) {
        this.logFormat = Objects.requireNonNull(format, "format");
    }

    /** The deployment's settings from the environment; a bad one is a {@code ConfigurationException} (exit status 2). */
    Settings settings() {
        return Settings.fromEnvironment(env);
    }

    Log log() {
        return logFormat.log(err, clock);
    }

    /** The SDK clients and the application over them, as a function builds them; close it when done. */
    Session open(Settings settings) {
        AwsClients aws = AwsClients.create(settings);
        try {
            return new Session(new CcHeadless(settings, aws, clock, log(), "cli:" + ProcessHandle.current().pid()), aws);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    record Session(CcHeadless app, AwsClients aws) implements AutoCloseable {
        @Override
        public void close() {
            aws.close();
        }
    }
}
