package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ConfigurationException;
import io.ccheadless.aws.config.FunctionEnvironment;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.BeanContextException;
import io.micronaut.inject.qualifiers.Qualifiers;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One container's application: a started Micronaut context over {@link Wiring}. A Lambda function starts it once,
 * in its handler's no-argument constructor ({@link #fromEnvironment}); the CLI and tests hand over the roots
 * ({@link #of}). Micronaut reads no environment variable, file or system property of its own here: only ours, and
 * only through {@link FunctionEnvironment}.
 */
public final class Container implements AutoCloseable {
    static final String ROOTS = "cch.wiring.roots";
    static final String ROOTS_FROM_ENVIRONMENT = "environment";
    static final String COMPONENT = "cch.wiring.component";
    static final String LOG_STREAM = "cch.wiring.log-stream";

    private final ApplicationContext context;

    private Container(ApplicationContext context) {
        this.context = context;
    }

    /**
     * The application of a Lambda function named {@code component} (its lease owner is {@code component:<log stream>}),
     * built from {@code env}. A misconfiguration is a {@link ConfigurationException} naming every variable to fix.
     */
    public static Container fromEnvironment(String component, Map<String, String> env) {
        Map<String, Object> properties = new HashMap<>(FunctionEnvironment.properties(env));
        properties.put(ROOTS, ROOTS_FROM_ENVIRONMENT);
        properties.put(COMPONENT, component);
        String stream = env.get("AWS_LAMBDA_LOG_STREAM_NAME");
        if (stream != null && !stream.isBlank()) {
            properties.put(LOG_STREAM, stream);
        }
        ApplicationContext context = builder(properties).start();
        Container c = new Container(context);
        c.bean(Settings.class);     // settings first: a bad environment fails here, in one line
        return c;
    }

    /** The application over roots built by the caller (the CLI, tests, the harness). */
    public static Container of(Settings settings, AwsClients clients, Clock clock, Log log, String owner) {
        return of(settings, clients, clock, Sleeper.REAL, log, owner);
    }

    /**
     * The same, waiting with {@code sleeper}: a clock that runs faster than real time needs waits shortened to match
     * (bench/tenants.sh's simulated day), so that pacing and lease waits happen on the clock's time.
     */
    public static Container of(Settings settings, AwsClients clients, Clock clock, Sleeper sleeper, Log log, String owner) {
        ApplicationContext context = builder(Map.of()).build();
        context.registerSingleton(Settings.class, Objects.requireNonNull(settings, "settings"));
        context.registerSingleton(AwsClients.class, Objects.requireNonNull(clients, "clients"));
        context.registerSingleton(Clock.class, Objects.requireNonNull(clock, "clock"));
        context.registerSingleton(Sleeper.class, Objects.requireNonNull(sleeper, "sleeper"));
        context.registerSingleton(Log.class, Objects.requireNonNull(log, "log"));
        context.registerSingleton(String.class, Objects.requireNonNull(owner, "owner"), Qualifiers.byName(Wiring.OWNER));
        return new Container(context.start());
    }

    private static io.micronaut.context.ApplicationContextBuilder builder(Map<String, Object> properties) {
        return ApplicationContext.builder()
                .environmentPropertySource(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .bootstrapEnvironment(false)   // no bootstrap configuration to look for
                .propertySources(PropertySource.of("cc-headless", properties));
    }

    /** The one {@code type} of this application, built (with what it needs) on first request. */
    public <T> T bean(Class<T> type) {
        try {
            return context.getBean(type);
        } catch (BeanContextException e) {
            throw unwrap(e);
        }
    }

    /** The {@code type} named {@code name} (the application has two HTTP clients toward CC, say). */
    public <T> T bean(Class<T> type, String name) {
        try {
            return context.getBean(type, Qualifiers.byName(name));
        } catch (BeanContextException e) {
            throw unwrap(e);
        }
    }

    /** The exception our own code threw while a bean was built (a {@link ConfigurationException}, say), not Micronaut's wrapper. */
    static RuntimeException unwrap(RuntimeException e) {
        RuntimeException r = e;
        while (r instanceof BeanContextException && r.getCause() instanceof RuntimeException cause) {
            r = cause;
        }
        return r;
    }

    @Override
    public void close() {
        context.close();
    }
}
