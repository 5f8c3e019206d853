package io.ccheadless.aws.wiring;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.FunctionEnvironment;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.obs.Sleeper;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The roots of {@link Wiring} in a Lambda function: settings bound from the environment ({@link FunctionEnvironment})
 * and checked together, the SDK clients built from them, the system clock and real waits, stdout's JSON log, and the lease owner's
 * name ({@code <component>:<log stream>}). Only when {@link Container#fromEnvironment} asks for them.
 */
@Factory
@Requires(property = Container.ROOTS, value = Container.ROOTS_FROM_ENVIRONMENT)
final class FunctionRoots {

    @Singleton
    Settings settings(FunctionEnvironment environment) {
        return Settings.fromEnvironment(environment.variables());
    }

    @Singleton
    @Bean(preDestroy = "close")
    AwsClients clients(Settings settings) {
        return AwsClients.create(settings);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Waits in real time (the clock's); a bench running a faster clock waits less (Container.of). */
    @Singleton
    Sleeper sleeper() {
        return Sleeper.REAL;
    }

    @Singleton
    Log log(Clock clock) {
        return Log.to(System.out, clock, "cc-headless");
    }

    @Singleton
    @Named(Wiring.OWNER)
    String owner(@Value("${" + Container.COMPONENT + "}") String component,
                 @Value("${" + Container.LOG_STREAM + ":local}") String logStream) {
        return component + ":" + logStream;
    }
}
