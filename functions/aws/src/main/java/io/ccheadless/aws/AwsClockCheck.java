package io.ccheadless.aws;

import io.ccheadless.core.token.ClockCheck;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
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
 * This machine's clock against AWS's. An answer's {@code Date} header (whole seconds) was written while the request
 * was in flight, so the local clock's offset lies between {@code sent − (date + 1 s)} and {@code received − date};
 * what is reported is the smallest offset that interval allows (zero when it contains zero). So the check refuses
 * only a clock that is certainly off by more than its bound; sub-second error is what the takeover margin is for
 * (docs/token-lifecycle.md, "Clock skew").
 */
public final class AwsClockCheck implements ExecutionInterceptor, ClockCheck {
    private static final ExecutionAttribute<Instant> SENT = new ExecutionAttribute<>("cc-headless.clock-check.sent");
    private final Clock system;
    private volatile Duration offset;

    public AwsClockCheck(Clock system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(SENT, system.instant());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Instant received = system.instant();
        Instant sent = attributes.getAttribute(SENT);
        context.httpResponse().firstMatchingHeader("Date").ifPresent(d -> {
            try {
                Instant date = ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                offset = certain(Duration.between(date.plusSeconds(1), sent == null ? received : sent),
                        Duration.between(date, received));
            } catch (DateTimeParseException e) {
                // an answer without a readable date tells nothing about the clock
            }
        });
    }

    /** The offset nearest zero within [low, high]. */
    static Duration certain(Duration low, Duration high) {
        if (!low.isNegative()) {
            return low;
        }
        return high.isNegative() ? high : Duration.ZERO;
    }

    @Override
    public Optional<Duration> offset() {
        return Optional.ofNullable(offset);
    }
}
