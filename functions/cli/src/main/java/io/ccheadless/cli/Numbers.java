package io.ccheadless.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Whole-number options, checked while parsing so that a bad value is a usage error before anything runs. */
final class Numbers {
    private Numbers() {
    }

    /** {@code raw} as an int in [min, max], else a usage error "OPTION must be WHAT from MIN to MAX, got 'RAW'". */
    static int inRange(CommandSpec spec, String option, String what, String raw, int min, int max) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ParameterException(spec.commandLine(),
                String.format("%s must be %s from %d to %d, got '%s'", option, what, min, max, raw));
    }
}
