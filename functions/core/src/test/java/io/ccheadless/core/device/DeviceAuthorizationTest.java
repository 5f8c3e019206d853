package io.ccheadless.core.device;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.DeviceCode;
import io.ccheadless.core.oauth.DeviceCodeEndpoint;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.testing.FakeTokenEndpoint;
import io.ccheadless.core.testing.InMemoryPointerStore;
import io.ccheadless.core.testing.InMemoryTokenVault;
import io.ccheadless.core.testing.SteppingClock;
import io.ccheadless.core.token.LoggingTokenTelemetry;
import io.ccheadless.core.token.TokenPolicy;
import io.ccheadless.core.token.TokenService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/** The polling rules on fakes: what CC answers is scripted, time is a stepping clock, nothing sleeps. */
class DeviceAuthorizationTest {
    static final String T = "acme";
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T09:00:00Z"));
    final InMemoryPointerStore pointers = new InMemoryPointerStore();
    final InMemoryTokenVault vault = new InMemoryTokenVault();
    final TokenService tokens = new TokenService(pointers, vault, new FakeTokenEndpoint(),
            new LoggingTokenTelemetry(new Log(l -> { }, clock, "t")), TokenPolicy.defaults(), clock, clock,
            RandomGenerator.of("L64X128MixRandom"), "test");
    final CcApi api = new CcApi(HttpExchange.withDefaults(Duration.ofSeconds(1)), URI.create("http://127.0.0.1:9"), 4, clock,
            clock, RandomGenerator.of("L64X128MixRandom"));
    final List<Duration> waits = new ArrayList<>();
    final List<Instant> polls = new ArrayList<>();

    /** A device-code endpoint that answers each poll with the next scripted failure, or the last one forever. */
    final class ScriptedCc implements DeviceCodeEndpoint {
        final Deque<RuntimeException> answers = new ArrayDeque<>();
        RuntimeException onStart;

        ScriptedCc answer(RuntimeException... rs) {
            answers.addAll(List.of(rs));
            return this;
        }

        @Override
        public DeviceCode requestDeviceCode(String scope, Instant now) {
            assertEquals("account_read campaign_data offline_access", scope);
            if (onStart != null) {
                throw onStart;
            }
            return new DeviceCode(Secret.of("device-code-1"), "BCDF-GHJK", URI.create("https://cc.example/activate"), null,
                    now.plusSeconds(30), Duration.ofSeconds(5));
        }

        @Override
        public TokenSet pollDeviceCode(Secret deviceCode, Instant now) {
            polls.add(now);
            throw answers.size() > 1 ? answers.poll() : answers.peek();
        }
    }

    static OAuthException cc(String error, int status) {
        return new OAuthException("token endpoint answered " + status + " " + error, status, error,
                OAuthException.isRetryableStatus(status), null);
    }

    DeviceAuthorization flow(ScriptedCc cc) {
        return new DeviceAuthorization(cc, tokens, api, clock, d -> {
            waits.add(d);
            clock.advance(d);
        }, ConnectEvents.logging(new Log(l -> { }, clock, "t")));
    }

    DeviceAuthorization.Failed fails(ScriptedCc cc) {
        DeviceAuthorization f = flow(cc);
        return assertThrows(DeviceAuthorization.Failed.class, () -> f.await(T, f.start(T)));
    }

    @Test
    void stopsAtTheCodesExpiryEvenIfCcKeepsAnsweringPending() {
        DeviceAuthorization.Failed f = fails(new ScriptedCc().answer(cc("authorization_pending", 400)));
        assertEquals(DeviceAuthorization.Reason.EXPIRED, f.reason());
        assertEquals(6, polls.size(), "polls at 5 … 30 s; none after the code expired at 30 s");
        assertEquals(clock.instant().minusSeconds(5), polls.getLast());
        assertTrue(pointers.read(T).isEmpty() || !pointers.read(T).get().connected());
        assertEquals(0, vault.writes);
    }

    @Test
    void anUnavailableTokenEndpointSlowsPollingDownInsteadOfFailing() {
        DeviceAuthorization.Failed f = fails(new ScriptedCc().answer(cc("http_503", 503), cc("http_429", 429),
                cc("access_denied", 400)));
        assertEquals(DeviceAuthorization.Reason.DENIED, f.reason());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15)), waits);
    }

    @Test
    void anUnknownOrUsedDeviceCodeIsRefusedWithAdvice() {
        DeviceAuthorization.Failed f = fails(new ScriptedCc().answer(new InvalidGrantException("The device code is invalid or has expired.")));
        assertEquals(DeviceAuthorization.Reason.REFUSED, f.reason());
        assertTrue(f.getMessage().contains("no longer knows this device code"), f.getMessage());
        assertEquals("Start again: cch device-authorize --tenant acme", f.advice());
        assertEquals(1, polls.size());
    }

    @Test
    void aClientNotAllowedTheDeviceFlowIsRefusedAtOnce() {
        DeviceAuthorization.Failed f = fails(new ScriptedCc().answer(cc("unauthorized_client", 400)));
        assertEquals(DeviceAuthorization.Reason.REFUSED, f.reason());
        assertTrue(f.advice().contains("configured for the Device Flow"), f.advice());
        assertEquals(1, polls.size());
    }

    @Test
    void startingFailsClearlyWhenCcRefusesOrIsDown() {
        ScriptedCc refusing = new ScriptedCc();
        refusing.onStart = cc("unauthorized_client", 400);
        assertEquals(DeviceAuthorization.Reason.REFUSED, assertThrows(DeviceAuthorization.Failed.class,
                () -> flow(refusing).start(T)).reason());
        ScriptedCc down = new ScriptedCc();
        down.onStart = cc("http_503", 503);
        DeviceAuthorization.Failed f = assertThrows(DeviceAuthorization.Failed.class, () -> flow(down).start(T));
        assertEquals(DeviceAuthorization.Reason.UNAVAILABLE, f.reason());
        assertTrue(f.advice().startsWith("Try again in a few minutes"), f.advice());
        assertTrue(polls.isEmpty());
    }
}
