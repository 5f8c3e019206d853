package io.ccheadless.core.api;

import io.ccheadless.core.testing.SteppingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RateGovernorTest {
    final Instant start = Instant.parse("2026-12-01T10:00:00.123Z");
    final SteppingClock clock = new SteppingClock(start);

    /** DynamoDB's part of the ledger: one state per key, a booking written only on the state it was decided on. */
    static final class InMemoryLedger implements PermitLedger {
        RateLimits.State state = RateLimits.State.NONE;
        int writes;

        @Override
        public synchronized RateLimits.Decision book(String key, int wanted, RateLimits limits, Instant now,
                                                     Duration lead) {
            RateLimits.Decision d = limits.decide(state, wanted, now, lead);
            if (d instanceof RateLimits.Book b) {
                state = b.after();
                writes++;
            }
            return d;
        }
    }

    @Test
    void twoProcessesSharingOneLedgerNeverSendFiveInOneSecond() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor a = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        RateGovernor b = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            (i % 3 == 0 ? b : a).acquire();
            sent.add(clock.instant());
        }
        for (int i = 0; i + 4 < sent.size(); i++) {
            assertTrue(Duration.between(sent.get(i), sent.get(i + 4)).compareTo(Duration.ofSeconds(1)) > 0,
                    "5 sends within a second from " + sent.get(i));
        }
        assertTrue(ledger.writes <= 40, "never more than one booking per request: " + ledger.writes);
        long booked = ledger.state.used();
        long accounted = 40 + a.dropped() + b.dropped();
        assertTrue(booked >= accounted && booked <= accounted + 2 * limits.batch(),
                "the day counts every slot booked: sent, missed, or still held (" + booked + " vs " + accounted + ")");
    }

    @Test
    void theDaysBudgetIsNeverOverspentAndTheRefusalSaysWhenItResumes() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", RateLimits.api(4, 5), clock, clock);
        for (int i = 0; i < 5; i++) {
            g.acquire();
        }
        BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class, g::acquire);
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), e.resumesAt());
        assertEquals(5, ledger.state.used());
        clock.advance(Duration.ofHours(14));
        g.acquire();   // the next UTC day
        assertEquals(1, ledger.state.used(), "a new day's count: the one request");
    }

    @Test
    void aSlotMissedByMoreThanTheLatenessIsDroppedNotSentLate() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        for (int i = 0; i < 4; i++) {
            g.acquire();   // the quiet key's four early slots (bookings of 1, 2 and 2): the last booked one keeps its place
        }
        assertEquals(start, clock.instant());
        clock.advance(limits.spacing().multipliedBy(4).plus(limits.lateness()).plusMillis(1));   // that place is missed
        g.acquire();
        assertEquals(1, g.dropped());
        assertEquals(4, ledger.writes, "a fresh booking for the late caller");
        assertEquals(6, ledger.state.used(), "the missed slot still counts: the day is never undercounted");
    }

    @Test
    void slowBookingsAreAnticipatedSoSendsStayOnTheirSlots() throws Exception {
        InMemoryLedger fast = new InMemoryLedger();
        PermitLedger slow = (key, wanted, limits, now, lead) -> {
            clock.advance(Duration.ofMillis(400));   // a write that takes longer than the lateness allows
            return fast.book(key, wanted, limits, now, lead);
        };
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor g = new RateGovernor(slow, () -> "api#k", limits, clock, clock);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            g.acquire();
            sent.add(clock.instant());
        }
        assertTrue(g.dropped() <= 1, "only the first booking, before the lead was learned, may miss: " + g.dropped());
        assertTrue(g.lead().compareTo(Duration.ofMillis(400)) >= 0, "lead " + g.lead());
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(Duration.between(sent.get(i - 1), sent.get(i)).compareTo(limits.spacing().minus(limits.lateness())) >= 0,
                    "sends bunched up at " + sent.get(i));
        }
    }

    @Test
    void aLoneRequestBooksOneSlotAndBackToBackRequestsBookInBatches() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        g.acquire();
        assertEquals(1, ledger.state.used(), "a quiet tenant's one request costs the day one slot, not a batch");
        for (int i = 0; i < 9; i++) {
            g.acquire();   // back to back
        }
        assertTrue(ledger.writes <= 6, "a busy caller books in batches: " + ledger.writes + " writes for 10 requests");
        clock.advance(Duration.ofMinutes(5));
        long before = ledger.state.used();
        g.acquire();
        assertEquals(1, ledger.state.used() - before, "after a pause, one slot again");
    }

    @Test
    void aBusyTimelineIsWaitedForNotOverbooked() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        // another process booked 5 s ahead
        ledger.state = new RateLimits.State(start.plusSeconds(5), java.time.LocalDate.parse("2026-12-01"), 10);
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        g.acquire();
        assertFalse(clock.instant().isBefore(start.plusSeconds(5)), "sent only at the first free slot: " + clock.instant());
    }

    @Test
    void aClockThatDoesNotMoveCannotStallIt() throws Exception {
        java.time.Clock stopped = java.time.Clock.fixed(start, java.time.ZoneOffset.UTC);
        InMemoryLedger ledger = new InMemoryLedger();
        List<Duration> slept = new ArrayList<>();
        RateGovernor g = new RateGovernor(ledger, () -> "token#k", RateLimits.tokenEndpoint(1), stopped, slept::add);
        for (int i = 0; i < 20; i++) {
            g.acquire();   // well past the horizon of a clock that never moves
        }
        Duration total = slept.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(total.compareTo(RateLimits.tokenEndpoint(1).spacing().multipliedBy(18)) >= 0,
                "still paced by its own sleeps: " + total);
    }

    @Test
    void aQuietKeysFirstRequestsGoAtOnceAndTheNextOnesKeepThePace() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            g.acquire();
            sent.add(clock.instant());
        }
        assertEquals(List.of(start, start, start, start), sent.subList(0, 4),
                "a callback's or a quiet sync's few requests do not wait for the pace");
        assertEquals(start.plus(limits.spacing().multipliedBy(4)), sent.get(4), "the fifth at its place on the timeline");
        for (int i = 4; i < sent.size(); i++) {
            assertTrue(Duration.between(sent.get(i - 4), sent.get(i)).compareTo(limits.spacing().multipliedBy(4)) >= 0,
                    "five sends closer than four spacings at " + i);
        }
        assertEquals(0, g.dropped());
    }

    @Test
    void aRunsEarlySlotsGrowWithTheQuietBeforeIt() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        RateLimits limits = RateLimits.api(4, 1_000);
        RateGovernor g = new RateGovernor(ledger, () -> "api#k", limits, clock, clock);
        for (int i = 0; i < 8; i++) {
            g.acquire();   // a busy run: the timeline is booked up to its last place
        }
        Instant busyUntil = ledger.state.nextFree();
        clock.advance(Duration.between(clock.instant(), busyUntil).plus(limits.spacing()));   // one spacing of quiet
        Instant quietFrom = clock.instant();
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            g.acquire();
            sent.add(clock.instant());
        }
        assertEquals(quietFrom, sent.get(0));
        assertEquals(quietFrom, sent.get(1), "one spacing of quiet: two may go at once");
        assertEquals(quietFrom.plus(limits.spacing().multipliedBy(2)), sent.get(2), "the third waits for its place");
    }

    /**
     * Three processes of one key asking in random bursts after random pauses, with bookings that take a random while:
     * whatever the interleaving, any five consecutive sends are at least four spacings minus the lateness apart, so
     * no second holds five at CC.
     */
    @Test
    void randomBurstsAfterRandomPausesNeverPutFiveSendsInOneSecond() throws Exception {
        java.util.Random random = new java.util.Random(20261201);
        for (int trial = 0; trial < 200; trial++) {
            SteppingClock c = new SteppingClock(start);
            InMemoryLedger shared = new InMemoryLedger();
            RateLimits limits = RateLimits.api(4, 100_000);
            PermitLedger slowish = (key, wanted, l, now, lead) -> {
                c.advance(Duration.ofMillis(random.nextInt(60)));
                return shared.book(key, wanted, l, now, lead);
            };
            List<RateGovernor> processes = List.of(new RateGovernor(slowish, () -> "api#k", limits, c, c),
                    new RateGovernor(slowish, () -> "api#k", limits, c, c),
                    new RateGovernor(slowish, () -> "api#k", limits, c, c));
            List<Instant> sent = new ArrayList<>();
            for (int burst = 0; burst < 12; burst++) {
                RateGovernor p = processes.get(random.nextInt(processes.size()));
                int requests = 1 + random.nextInt(5);
                for (int i = 0; i < requests; i++) {
                    p.acquire();
                    sent.add(c.instant());
                }
                c.advance(Duration.ofMillis(random.nextInt(1_500)));
            }
            sent.sort(null);
            Duration least = limits.spacing().multipliedBy(4).minus(limits.lateness());
            for (int i = 4; i < sent.size(); i++) {
                assertTrue(Duration.between(sent.get(i - 4), sent.get(i)).compareTo(least) >= 0,
                        "trial " + trial + ": five sends within " + Duration.between(sent.get(i - 4), sent.get(i)));
            }
        }
    }

    @Test
    void aBookingNearTheHorizonTakesWhatFitsAndARunSaysWhatItsLedgerWriteNeeds() {
        RateLimits limits = RateLimits.api(4, 1_000);
        Instant now = start;
        var nearEnd = new RateLimits.State(now.plus(limits.horizon()).minus(limits.spacing().multipliedBy(3).dividedBy(2)),
                java.time.LocalDate.parse("2026-12-01"), 10);
        var b = (RateLimits.Book) limits.decide(nearEnd, 2, now);
        assertEquals(2, b.count(), "one and a half spacings before the horizon: two slots still fit");
        var atEnd = new RateLimits.State(now.plus(limits.horizon()).minus(limits.spacing().dividedBy(2)),
                java.time.LocalDate.parse("2026-12-01"), 10);
        assertEquals(1, ((RateLimits.Book) limits.decide(atEnd, 2, now)).count(), "half a spacing before: one");

        var quietSince = new RateLimits.State(now.minus(limits.spacing().multipliedBy(2)), java.time.LocalDate.parse("2026-12-01"), 10);
        var run = (RateLimits.Book) limits.decide(quietSince, 2, now);
        assertEquals(2, run.early(), "two spacings of quiet: up to three early, two asked for");
        assertEquals(now.minus(limits.spacing().multipliedBy(2)), limits.idleBefore(run.after()),
                "the write is conditioned on the timeline having been free since then");
        var fresh = (RateLimits.Book) limits.decide(RateLimits.State.NONE, 1, now);
        assertEquals(now.minus(limits.spacing().multipliedBy(3)), limits.idleBefore(fresh.after()),
                "a key never used: a full run of four");
    }

    @Test
    void theSmallestValidLimitsAreAccepted() {
        RateLimits one = new RateLimits(1, Duration.ofMillis(200), 1, 1, Duration.ofMillis(1_200), Duration.ofMillis(100));
        assertEquals(Duration.ofMillis(1_200), one.spacing());
        assertInstanceOf(RateLimits.Book.class, one.decide(RateLimits.State.NONE, 1, start), "a horizon of exactly one batch");
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(0, Duration.ofMillis(200), 1, 1, Duration.ofSeconds(2), Duration.ofMillis(100)));
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(1, Duration.ofMillis(200), 0, 1, Duration.ofSeconds(2), Duration.ofMillis(100)));
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(1, Duration.ofMillis(200), 1, 0, Duration.ofSeconds(2), Duration.ofMillis(100)));
    }

    @Test
    void limitsThatWouldLetLateSendsBunchUpAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(4, Duration.ZERO, 100, 2, Duration.ofSeconds(2), Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(4, Duration.ofMillis(50), 100, 20, Duration.ofSeconds(2), Duration.ofMillis(100)),
                "a horizon that cannot hold one batch");
        assertEquals(Duration.ofMillis(350), RateLimits.api(4, 10_000).spacing());
        assertEquals(Duration.ofMillis(200), RateLimits.api(10, 250_000).spacing());
    }
}
