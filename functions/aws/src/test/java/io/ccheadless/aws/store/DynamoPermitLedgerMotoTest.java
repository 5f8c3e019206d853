package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.api.RateLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The per-key governor's ledger on moto (single-threaded, as DynamoDB serializes writes to one item). */
class DynamoPermitLedgerMotoTest {
    Map<String, String> env;
    AwsClients aws;
    DynamoPermitLedger ledger;

    @BeforeEach
    void setUp() {
        env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        ledger = new DynamoPermitLedger(aws.dynamo(), Settings.fromEnvironment(env).stateTable());
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void severalProcessesHammeringOneKeyNeverGetMoreThanFourInAnySecondNorMoreThanTheDay() throws Exception {
        int processes = 4;
        int wantedEach = 25;
        long daily = 40;   // less than the 100 wanted: the budget runs out while all four are taking
        long start = System.currentTimeMillis() + 4_000;   // JVM start on a busy machine, then all at once
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), PermitHammer.class.getName(),
                    "api#hammered-key", Integer.toString(wantedEach), Long.toString(daily), "4", Long.toString(start));
            pb.environment().putAll(env);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            running.add(pb.start());
        }
        List<Long> permits = new ArrayList<>();
        long writes = 0;
        long conflicts = 0;
        long dropped = 0;
        int spent = 0;
        for (Process p : running) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a hammer process did not finish");
            assertEquals(0, p.exitValue());
            for (String line : output(p)) {
                if (line.startsWith("permit ")) {
                    permits.add(Long.parseLong(line.substring(7)));
                } else if (line.equals("spent")) {
                    spent++;
                } else if (line.startsWith("cost ")) {
                    String[] c = line.split(" ");
                    writes += Long.parseLong(c[1]);
                    conflicts += Long.parseLong(c[2]);
                    dropped += Long.parseLong(c[3]);
                }
            }
        }
        permits.sort(null);
        // Not one permit more than the day: granted, or missed by a late process (a booking whose answer was lost to
        // the 4 s bound on a loaded machine and re-booked is counted too, unused, so this can be below the day).
        assertTrue(permits.size() + dropped <= daily, "more permits than the day: " + (permits.size() + dropped));
        assertTrue(permits.size() >= daily * 3 / 4, "most of the day was granted: " + permits.size());
        assertEquals(processes, spent, "every process was refused once the day was spent");
        for (int i = 0; i + 4 < permits.size(); i++) {
            assertTrue(permits.get(i + 4) - permits.get(i) > 1_000,
                    "5 permits within one second: " + permits.subList(i, i + 5));
        }
        RateLimits.State stored = ledger.read("api#hammered-key");
        assertEquals(daily, stored.used(), "the ledger counts the whole day, booked to the last slot");
        System.out.printf("governor on moto: %d permits to %d processes in %d ms; %d conditional writes (%.2f a permit),"
                        + " %d lost to another process, %d slots missed by a late process%n", permits.size(), processes,
                permits.getLast() - permits.getFirst(), writes, (double) writes / permits.size(), conflicts, dropped);
    }

    @Test
    void aBookingDecidedOnAStaleStateIsDecidedAgainOnWhatTheItemHolds() {
        RateLimits limits = RateLimits.api(4, 100);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        DynamoPermitLedger other = new DynamoPermitLedger(aws.dynamo(), Settings.fromEnvironment(env).stateTable());
        var mine = (RateLimits.Book) ledger.book("api#k", 2, limits, now);
        var theirs = (RateLimits.Book) other.book("api#k", 2, limits, now);   // guessed NONE: loses, then books after mine
        assertEquals(now, mine.first());
        assertEquals(now.plus(limits.spacing().multipliedBy(2)), theirs.first(), "no slot is booked twice");
        assertEquals(1, other.conflicts());
        var again = (RateLimits.Book) ledger.book("api#k", 2, limits, now);   // a stale guess of a busy timeline: ADD still fits
        assertEquals(now.plus(limits.spacing().multipliedBy(4)), again.first());
        assertEquals(0, ledger.conflicts(), "extending a busy timeline needs no exact state");
        assertEquals(List.of(2, 2, 0), List.of(mine.early(), theirs.early(), again.early()),
                "a quiet key's first four slots may go at once, whichever process booked them; later ones keep their places");
        assertEquals(now, theirs.earlyFrom());
        RateLimits.State stored = ledger.read("api#k");
        assertEquals(now.plus(limits.spacing().multipliedBy(6)), stored.nextFree());
        assertEquals(LocalDate.parse("2026-12-01"), stored.day());
        assertEquals(6, stored.used());
        assertEquals(now, stored.runStart());
    }

    @Test
    void aLedgerItemWrittenBeforeRunsExistedLetsNoSlotGoEarlyAndIsTakenOverByTheNextRun() {
        RateLimits limits = RateLimits.api(4, 100);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        aws.dynamo().putItem(p -> p.tableName(Settings.fromEnvironment(env).stateTable()).item(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ccrate#api#old"),
                "next", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                        Long.toString(now.plusSeconds(1).toEpochMilli())),
                "day", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("2026-12-01"),
                "used", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("7"))));
        var busy = (RateLimits.Book) ledger.book("api#old", 2, limits, now);
        assertEquals(now.plusSeconds(1), busy.first(), "the old item's timeline is kept");
        assertEquals(0, busy.early(), "no run recorded: every slot at its place");
        Instant later = now.plusSeconds(5);   // quiet since the old timeline's end: a new run
        var quiet = (RateLimits.Book) ledger.book("api#old", 2, limits, later);
        assertEquals(later, quiet.first());
        assertEquals(2, quiet.early());
        assertEquals(11, ledger.read("api#old").used(), "the day's count carried on");
    }

    @Test
    void aNewUtcDayStartsANewBudgetAndABusyTimelineSaysWhenToComeBack() {
        RateLimits limits = RateLimits.api(4, 3);
        Instant late = Instant.parse("2026-11-30T23:59:59Z");
        assertEquals(2, ((RateLimits.Book) ledger.book("api#d", 2, limits, late)).count());
        assertEquals(1, ((RateLimits.Book) ledger.book("api#d", 2, limits, late)).count(), "what is left of the day");
        assertInstanceOf(RateLimits.Spent.class, ledger.book("api#d", 2, limits, late));
        Instant nextDay = late.plusSeconds(2);
        assertInstanceOf(RateLimits.Book.class, ledger.book("api#d", 2, limits, nextDay), "a new day, a new budget");

        RateLimits wide = RateLimits.api(4, 1_000);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(RateLimits.Book.class, ledger.book("api#busy", 2, wide, now));   // 2+2+2 slots: 2.1 s, past the horizon
        }
        var busy = assertInstanceOf(RateLimits.Busy.class, ledger.book("api#busy", 2, wide, now));
        Instant nextFree = ledger.read("api#busy").nextFree();
        assertEquals(now.plus(wide.spacing().multipliedBy(6)), nextFree, "each booking got what fits the horizon");
        assertEquals(nextFree.minus(wide.horizon()), busy.retryAt());
    }

    private static List<String> output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
}
