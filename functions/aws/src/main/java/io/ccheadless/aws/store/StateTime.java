package io.ccheadless.aws.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/**
 * The one encoding of a time in the state table: a number, milliseconds since the epoch (UTC). Numbers because the
 * table computes with times and compares them in conditions ({@code lease_until <= :now}, the rate ledger's
 * {@code #next + :adv}), which DynamoDB does on numbers only; milliseconds because that is the precision every
 * writer needs (leases, the ledger's spacing) and CC's own times carry. docs/token-lifecycle.md, "How the state table
 * encodes times". The exception is {@code ttl}, epoch seconds as DynamoDB's TTL requires, written where it is set.
 *
 * <p>Items written before this encoding held some times as ISO-8601 strings ({@code intent_started_at},
 * {@code access_expires_at}, {@code refresh_issued_at} of the token pointer; the sync state's watermark, sweep,
 * completion and checkpoint times): {@link #read} accepts both, and each writer writes the number, so an item
 * takes the encoding on its next write of that attribute. No condition compares one of those attributes.
 */
public final class StateTime {
    private StateTime() {
    }

    public static AttributeValue of(Instant t) {
        return AttributeValue.fromN(Long.toString(t.toEpochMilli()));
    }

    /** The time held by {@code v}: epoch milliseconds, or (items written before) an ISO-8601 string. */
    public static Instant read(AttributeValue v) {
        if (v.n() != null) {
            return Instant.ofEpochMilli(Long.parseLong(v.n()));
        }
        if (v.s() != null) {
            return Instant.parse(v.s());
        }
        throw new IllegalArgumentException("a state-table time is a number or (legacy) a string, not a " + v.type());
    }

    /** The time of attribute {@code name}, null when the item has none. */
    public static Instant read(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || Boolean.TRUE.equals(v.nul()) ? null : read(v);
    }
}
