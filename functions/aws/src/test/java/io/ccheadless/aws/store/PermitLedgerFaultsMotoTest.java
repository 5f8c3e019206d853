package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.AwsFaults;
import io.ccheadless.aws.testing.AwsFaults.Fault;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.api.BudgetExhaustedException;
import io.ccheadless.core.api.MalformedPermitLedgerException;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The rate governor's ledger ({@link DynamoPermitLedger} on moto) under faults on its {@code UpdateItem}, injected on
 * the wire of the real SDK client ({@link AwsFaults}), with the governor in front of real requests to the CC sandbox:
 * no request reaches CC without a booked slot (an unreachable ledger fails it with {@link StoreUnavailableException},
 * never falls open), the day is never overspent, and a malformed ledger item is refused by name (docs/rate-governor.md,
 * "When the ledger fails").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PermitLedgerFaultsMotoTest {
    /** The bound of one ledger call in these tests: one attempt, so a late answer beyond it fails the call. */
    static final Duration CALL = Duration.ofMillis(1500);

    static Settings settings;
    static AwsClients clean;

    @BeforeAll
    static void startAll() {
        settings = Moto.bare();
        clean = AwsClients.create(settings);
        Moto.stateTable(clean.dynamo(), settings.stateTable());
    }

    @AfterAll
    static void stopAll() {
        if (clean != null) {
            clean.close();
        }
    }

    /** One fault case on its own key, ledger client and CC sandbox, so that cases can run at once. */
    static final class Case implements AutoCloseable {
        final AwsFaults faults = new AwsFaults();
        final AwsClients aws;
        final CcSandbox cc = CcSandbox.start(SandboxConfig.builder().build());
        final String key = "api#faults-" + UUID.randomUUID().toString().substring(0, 8);
        final RateGovernor governor;
        final List<Long> sentAt = new ArrayList<>();
        final HttpExchange http;

        Case(Duration callTimeout, long daily) {
            aws = AwsClients.create(settings, callTimeout, List.of(faults));
            governor = new RateGovernor(new DynamoPermitLedger(aws.dynamo(), settings.stateTable()), () -> key,
                    RateLimits.api(4, daily), Clock.systemUTC(), Sleeper.REAL);
            http = HttpExchange.withDefaults(Duration.ofSeconds(5)).governedBy(() -> {
                governor.acquire();
                synchronized (sentAt) {
                    sentAt.add(System.nanoTime() / 1_000_000);
                }
            });
        }

        /** One request to the sandbox (unauthenticated: it only has to arrive), through the governor. */
        HttpExchange.Response send() {
            return http.send("GET", URI.create(cc.baseUri() + "/v3/account/summary"), Map.of(), null);
        }

        long arrived() {
            return cc.counters().totalApiRequests();
        }

        RateLimits.State stored() {
            return new DynamoPermitLedger(clean.dynamo(), settings.stateTable()).read(key);
        }

        @Override
        public void close() {
            aws.close();
            faults.close();
            cc.close();
        }
    }

    /** Runs every case at once (each waits on its own faults and bounds), then reports each one's failure by name. */
    static void concurrently(Map<String, org.junit.jupiter.api.function.Executable> cases) {
        Map<String, java.util.concurrent.CompletableFuture<Throwable>> running = new java.util.LinkedHashMap<>();
        cases.forEach((name, c) -> running.put(name, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                c.execute();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())));
        assertAll(running.entrySet().stream().map(e -> () -> {
            Throwable t = e.getValue().join();
            if (t != null) {
                throw new AssertionError(e.getKey() + ": " + t.getMessage(), t);
            }
        }));
    }

    static Map<String, Fault> unreachable() {
        Map<String, Fault> m = new java.util.LinkedHashMap<>();
        m.put("ProvisionedThroughputExceededException", Fault.throughputExceeded());
        m.put("ThrottlingException", Fault.throttling());
        m.put("500 InternalServerError", Fault.serverError());
        m.put("connection reset", Fault.reset());
        m.put("answer later than the call's bound (applied, lost)", Fault.lateAnswer(CALL.plusMillis(300)));
        m.put("truncated JSON answer (applied)", Fault.truncated());
        return m;
    }

    @Test
    void aLedgerThatCannotBeBookedFailsTheRequestBeforeItIsSentAndTheNextOneGoesThrough() {
        Map<String, org.junit.jupiter.api.function.Executable> cases = new java.util.LinkedHashMap<>();
        unreachable().forEach((name, fault) -> cases.put(name, () -> {
            try (Case c = new Case(CALL, 100)) {
                AwsFaults.Rule rule = c.faults.on("UpdateItem", -1, fault);
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, c::send);
                assertTrue(e.getMessage().startsWith("booking CC request permits: "), e.getMessage());
                assertTrue(rule.injected() >= 1, "the fault was injected");
                assertEquals(0, c.arrived(), "nothing was sent to CC without a booked slot");

                c.faults.clear();
                assertNotNull(c.send(), "the ledger back: the next request goes through");
                assertEquals(1, c.arrived());
                RateLimits.State s = c.stored();
                assertTrue(s.used() >= 1 && s.used() <= 100, "booked at least what was sent, within the day: " + s);
            }
        }));
        concurrently(cases);
    }

    @Test
    void faultsTheSdkOutlastsCostOnlySlotsNeverTheRateOrTheBooking() {
        record Transient(Duration callTimeout, Fault fault, int times) {
        }
        Map<String, Transient> kinds = new java.util.LinkedHashMap<>();
        kinds.put("throttled once after being applied, then answered",
                new Transient(CALL.multipliedBy(3), Fault.appliedThen(Fault.throughputExceeded()), 1));
        kinds.put("every write 300 ms slow (within the bound)", new Transient(CALL, Fault.slow(Duration.ofMillis(300)), -1));
        kinds.put("one answer later than the 2 s attempt bound, retried within the call",
                new Transient(Duration.ofSeconds(4), Fault.lateAnswer(Duration.ofMillis(2200)), 1));
        Map<String, org.junit.jupiter.api.function.Executable> cases = new java.util.LinkedHashMap<>();
        kinds.forEach((name, t) -> cases.put(name, () -> {
            try (Case c = new Case(t.callTimeout(), 100)) {
                AwsFaults.Rule rule = c.faults.on("UpdateItem", t.times(), t.fault());
                int sends = 5;
                for (int i = 0; i < sends; i++) {
                    c.send();
                }
                assertTrue(rule.injected() >= 1, "the fault was injected");
                assertEquals(sends, c.arrived());
                for (int i = 0; i + 4 < c.sentAt.size(); i++) {
                    assertTrue(c.sentAt.get(i + 4) - c.sentAt.get(i) > 1_000, "5 requests within one second: " + c.sentAt);
                }
                RateLimits.State s = c.stored();
                assertTrue(s.used() >= sends, "every request had a booked slot: " + s.used() + " booked for " + sends);
            }
        }));
        concurrently(cases);
    }

    @Test
    void answersLostAfterTheWriteLandedNeverLetTheDayBeOverspent() {
        long daily = 6;
        try (Case c = new Case(CALL, daily)) {
            AwsFaults.Rule rule = c.faults.on("UpdateItem", 3, Fault.truncated());   // bookings land, their answers are lost
            int failed = 0;
            int sent = 0;
            boolean spent = false;
            for (int i = 0; i < 20 && !spent; i++) {
                try {
                    c.send();
                    sent++;
                } catch (StoreUnavailableException e) {
                    failed++;
                } catch (BudgetExhaustedException e) {
                    spent = true;
                }
            }
            assertTrue(spent, "the day ran out");
            assertEquals(3, rule.injected());
            assertTrue(failed >= 1, "a lost answer fails its request");
            assertEquals(sent, c.arrived(), "every request sent had its slot");
            assertEquals(daily, c.stored().used(), "the ledger counted the lost bookings too, and no more than the day");
            assertTrue(sent < daily, "the slots of lost bookings stay unused: " + sent + " sent of " + daily);
        }
    }

    static Map<String, Map<String, AttributeValue>> malformed() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String soon = Long.toString(Instant.now().plusSeconds(1).toEpochMilli());
        Map<String, Map<String, AttributeValue>> m = new java.util.LinkedHashMap<>();
        m.put("next missing", Map.of("day", s(today), "used", n("3")));
        m.put("used missing", Map.of("next", n(soon), "day", s(today)));
        m.put("next not a number", Map.of("next", s("soon"), "day", s(today), "used", n("3")));
        m.put("used not a number", Map.of("next", n(soon), "day", s(today), "used", s("three")));
        return m;
    }

    @Test
    void aMalformedLedgerItemIsRefusedByNameAndLeftAsItWas() {
        Map<String, org.junit.jupiter.api.function.Executable> cases = new java.util.LinkedHashMap<>();
        malformed().forEach((name, attributes) -> cases.put(name, () -> {
            try (Case c = new Case(CALL, 100)) {
                Map<String, AttributeValue> item = new HashMap<>(attributes);
                item.put("pk", s("ccrate#" + c.key));
                clean.dynamo().putItem(b -> b.tableName(settings.stateTable()).item(item));

                MalformedPermitLedgerException e = assertThrows(MalformedPermitLedgerException.class, c::send);
                assertEquals("ccrate#" + c.key, e.item());
                assertEquals(name.split(" ")[0], e.attribute(), "the attribute at fault is named");
                assertTrue(e.getMessage().contains("ccrate#" + c.key) && e.getMessage().contains("is not one this code writes")
                        && e.getMessage().contains("its " + e.attribute() + " "), "the item is named: " + e.getMessage());
                assertEquals(0, c.arrived(), "nothing was sent to CC");
                assertEquals(item, clean.dynamo().getItem(b -> b.tableName(settings.stateTable())
                        .key(Map.of("pk", s("ccrate#" + c.key))).consistentRead(true)).item(), "the item is left for an operator");
            }
        }));
        concurrently(cases);
    }

    @Test
    void anUnreadableDayReadsAsAnotherDayAndIsRestarted() {
        try (Case c = new Case(CALL, 100)) {
            clean.dynamo().putItem(b -> b.tableName(settings.stateTable()).item(Map.of("pk", s("ccrate#" + c.key),
                    "next", n(Long.toString(Instant.now().minusSeconds(5).toEpochMilli())), "day", s("someday"), "used", n("7"))));
            c.send();
            assertEquals(1, c.arrived());
            RateLimits.State s = c.stored();
            assertEquals(LocalDate.now(ZoneOffset.UTC), s.day(), "restarted on today");
            assertTrue(s.used() >= 1 && s.used() <= 2, "a fresh count: " + s.used());
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
