package io.ccheadless.sandbox;

import java.util.Objects;
import java.util.Set;

/**
 * Where CC may be stricter than the sandbox's defaults or differ from them, each switchable (docs/cc-api.md §8.1).
 * {@link #LENIENT} is how the sandbox always behaved; {@link #REAL_CC} turns on everything real CC may do.
 *
 * @param omitEmptyLists       an empty page leaves out its list field ({@code campaigns},
 *                             {@code bulk_email_campaign_summaries}): CC's contract marks none of them required
 * @param offsetCursors        the summaries' {@code next} links carry a row offset, so rows sent or deleted between two
 *                             reads shift what the next page holds (as CC's partner accounts page)
 * @param summariesToTheMinute the summaries' {@code last_sent_date} is rounded down to the minute while send history
 *                             run dates keep seconds and milliseconds
 * @param sendsMoveUpdatedAt   a send moves the campaign's {@code updated_at}; off: only edits and removal do
 * @param missingPrivileges    user privileges the authorizing user lacks: operations requiring them answer 403
 */
public record ApiStrictness(boolean omitEmptyLists, boolean offsetCursors, boolean summariesToTheMinute,
                            boolean sendsMoveUpdatedAt, Set<String> missingPrivileges) {
    public static final ApiStrictness LENIENT = new ApiStrictness(false, false, false, true, Set.of());
    public static final ApiStrictness REAL_CC = new ApiStrictness(true, true, true, true, Set.of());

    public ApiStrictness {
        missingPrivileges = Set.copyOf(Objects.requireNonNull(missingPrivileges, "missingPrivileges"));
    }

    public ApiStrictness withSendsMoveUpdatedAt(boolean on) {
        return new ApiStrictness(omitEmptyLists, offsetCursors, summariesToTheMinute, on, missingPrivileges);
    }

    public ApiStrictness withMissingPrivileges(Set<String> privileges) {
        return new ApiStrictness(omitEmptyLists, offsetCursors, summariesToTheMinute, sendsMoveUpdatedAt, privileges);
    }
}
