package io.ccheadless.core.token.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The replayable record of one schedule: actor steps, faults and port calls, in order. Never holds a token value:
 * token sets are named by CC's issue number ({@code cc#4}) and vault generations.
 */
final class SimTrace {
    private static final int MAX_LINES = 20_000;
    private final List<String> lines = new ArrayList<>();
    private int dropped;

    void step(long elapsedMs, String who, String what) {
        if (lines.size() >= MAX_LINES) {
            dropped++;
            return;
        }
        lines.add(String.format("%9.3fs %-3s %s", elapsedMs / 1000.0, who, what));
    }

    void note(String what) {
        if (lines.size() < MAX_LINES) {
            lines.add("           " + what);
        } else {
            dropped++;
        }
    }

    int size() {
        return lines.size();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        if (dropped > 0) {
            b.append("... ").append(dropped).append(" more lines dropped\n");
        }
        return b.toString();
    }
}
