package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class DynamoRequestBudgetMotoTest {
    final Instant day1 = Instant.parse("2026-11-01T23:59:00Z");
    AwsClients aws;
    DynamoRequestBudget budget;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        budget = new DynamoRequestBudget(aws.dynamo(), Settings.fromEnvironment(env).stateTable(), 95);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void concurrentSyncsNeverTakeMoreThanTheDayAllowsTogether() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> takers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            takers.add(pool.submit(() -> {
                assertTrue(go.await(10, TimeUnit.SECONDS));
                int got = 0;
                for (int k = 0; k < 5; k++) {
                    got += budget.take(10, day1);
                }
                return got;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : takers) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(total <= 95, "granted " + total);
        assertEquals(total, budget.used(day1));
        assertEquals(95 - total, budget.take(95, day1), "whatever was not granted is still there, and no more");
    }

    @Test
    void theLastRequestsOfTheDayAreGrantedAndUnusedOnesGoBack() {
        assertEquals(10, budget.take(10, day1));
        assertEquals(80, budget.take(80, day1));
        assertEquals(5, budget.take(10, day1), "what is left, not nothing");
        assertEquals(0, budget.take(10, day1));
        budget.giveBack(7, day1);
        assertEquals(88, budget.used(day1));
        assertEquals(7, budget.take(10, day1));
        assertEquals(10, budget.take(10, day1.plusSeconds(120)), "a new UTC day, a new budget");
    }
}
