package io.ccheadless.sandbox.data;

import java.util.Random;
import java.util.UUID;

/** Identifiers drawn from a seeded random source, so the same seed gives the same ids. */
public final class SeededIds {
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    private SeededIds() {
    }

    /** A version-4-shaped UUID string. */
    public static String uuid(Random r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** An opaque 12-character account id like CC's {@code a07e1lwvtuw0}. */
    public static String encodedAccountId(Random r) {
        StringBuilder sb = new StringBuilder("a07e1");
        for (int i = 0; i < 7; i++) {
            sb.append(BASE36.charAt(r.nextInt(BASE36.length())));
        }
        return sb.toString();
    }
}
