package io.ccheadless.sandbox.faults;

/** How an injected fault spoils a response body. */
public enum BodyFault {
    NONE,
    /** The body is replaced by text that is not valid JSON. */
    MALFORMED,
    /** The full length is announced but only half the body is written before the connection closes. */
    TRUNCATED
}
