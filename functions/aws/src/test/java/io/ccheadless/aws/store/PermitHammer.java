package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.api.BudgetExhaustedException;
import io.ccheadless.core.api.RateGovernor;
import io.ccheadless.core.api.RateLimits;
import io.ccheadless.core.obs.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A process that takes permits of one key as fast as its governor lets it, from a shared start time, and prints
 * when each was granted: {@code permit <epoch ms>}, then {@code spent} or {@code done}, then {@code cost <writes>
 * <conflicts> <dropped slots>}. Run by {@link DynamoPermitLedgerMotoTest} as several JVMs at once; environment as {@code Settings}.
 *
 * <p>Arguments: key, permits wanted, daily limit, per second, start (epoch ms).
 */
public final class PermitHammer {
    public static void main(String[] args) throws Exception {
        String key = args[0];
        int wanted = Integer.parseInt(args[1]);
        long daily = Long.parseLong(args[2]);
        int perSecond = Integer.parseInt(args[3]);
        Instant start = Instant.ofEpochMilli(Long.parseLong(args[4]));
        Settings settings = Settings.fromEnvironment(System.getenv());
        try (AwsClients aws = AwsClients.create(settings)) {
            DynamoPermitLedger ledger = new DynamoPermitLedger(aws.dynamo(), settings.stateTable());
            RateGovernor governor = new RateGovernor(ledger, () -> key, RateLimits.api(perSecond, daily),
                    Clock.systemUTC(), Sleeper.REAL);
            Duration untilStart = Duration.between(Instant.now(), start);
            if (!untilStart.isNegative()) {
                Thread.sleep(untilStart);
            }
            StringBuilder out = new StringBuilder();
            String end = "done";
            for (int i = 0; i < wanted; i++) {
                try {
                    governor.acquire();
                } catch (BudgetExhaustedException e) {
                    end = "spent";
                    break;
                }
                out.append("permit ").append(System.currentTimeMillis()).append('\n');
            }
            out.append(end).append('\n').append("cost ").append(ledger.writes()).append(' ').append(ledger.conflicts())
                    .append(' ').append(governor.dropped());
            System.out.println(out);
        }
    }
}
