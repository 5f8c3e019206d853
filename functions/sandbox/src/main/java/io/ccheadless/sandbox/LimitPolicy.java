package io.ccheadless.sandbox;

/**
 * What the API does with a {@code limit} above an endpoint's documented maximum. CC does not document it
 * (docs/cc-api.md §9 item 8), so the sandbox lets a test choose.
 */
public enum LimitPolicy {
    /** 400 with an error array (the sandbox default). */
    REJECT,
    /** Serve the maximum page size instead. */
    CLAMP
}
