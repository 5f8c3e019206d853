package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.LimitPolicy;
import java.util.Optional;

/** Reads a {@code limit} query parameter: a default, a range, and what to do above the maximum. */
public record PageLimit(int defaultValue, int max, LimitPolicy policy) {
    public PageLimit {
        if (defaultValue < 1 || max < defaultValue) {
            throw new IllegalArgumentException("need 1 <= default <= max");
        }
    }

    /** The page size, or empty when the parameter is invalid (not a number, below 1, above max under REJECT). */
    public Optional<Integer> read(Optional<String> raw) {
        if (raw.isEmpty()) {
            return Optional.of(defaultValue);
        }
        int v;
        try {
            v = Integer.parseInt(raw.get().trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (v < 1) {
            return Optional.empty();
        }
        if (v > max) {
            return policy == LimitPolicy.CLAMP ? Optional.of(max) : Optional.empty();
        }
        return Optional.of(v);
    }

    public String problem() {
        return "The limit query parameter must be an integer from 1 to " + max + ".";
    }
}
