package io.ccheadless.aws.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC timestamps (millisecond precision) so DynamoDB's string order is time order. */
public final class SortableTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SortableTime() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    public static Instant parse(String s) {
        return Instant.parse(s);
    }
}
