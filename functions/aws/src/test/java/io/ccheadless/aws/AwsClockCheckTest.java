package io.ccheadless.aws;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The clock check reports only what an answer's whole-second Date makes certain. */
class AwsClockCheckTest {
    @Test
    void anIntervalThatHoldsZeroIsNoEvidenceOfSkew() {
        assertEquals(Duration.ZERO, AwsClockCheck.certain(Duration.ofMillis(-900), Duration.ofMillis(300)));
    }

    @Test
    void aClockCertainlyAheadIsReportedByTheIntervalsNearEnd() {
        assertEquals(Duration.ofSeconds(29), AwsClockCheck.certain(Duration.ofSeconds(29), Duration.ofSeconds(30).plusMillis(40)));
    }

    @Test
    void aClockCertainlyBehindIsReportedByTheIntervalsNearEnd() {
        assertEquals(Duration.ofSeconds(-3), AwsClockCheck.certain(Duration.ofSeconds(-4).minusMillis(40), Duration.ofSeconds(-3)));
    }
}
