package io.ccheadless.aws;

import io.ccheadless.core.token.ClockCheck;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * This machine's clock against AWS's: every answer's {@code Date} header (whole seconds) is compared with the
 * system clock when it arrived, taking the middle of that second. Good to about half a second plus the
 * request's latency, which is what {@link ClockCheck} needs to keep a wrong laptop clock from taking over a lease.
 */
public final class AwsClockCheck implements ExecutionInterceptor, ClockCheck {
    private final Clock system;
    private volatile Duration offset;

    public AwsClockCheck(Clock system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Instant received = system.instant();
        context.httpResponse().firstMatchingHeader("Date").ifPresent(d -> {
            try {
                Instant server = ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().plusMillis(500);
                offset = Duration.between(server, received);
            } catch (DateTimeParseException e) {
                // an answer without a readable date tells nothing about the clock
            }
        });
    }

    @Override
    public Optional<Duration> offset() {
        return Optional.ofNullable(offset);
    }
}
