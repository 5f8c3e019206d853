package io.ccheadless.core.token;

import java.util.Objects;

/** The token vault could not give or take a token set. Messages name the tenant and version, never a token. */
public final class VaultException extends RuntimeException {
    /** Why, so that callers never tell failures apart by their text. */
    public enum Kind {
        /** Throttling, a timeout, a 5xx, an unreachable endpoint: the same call may succeed later. */
        TRANSIENT,
        /** The version id already holds a different value (a second writer of the same generation). */
        CONFLICT,
        /** The stored value is unreadable. */
        CORRUPT,
        /** Refused for another reason (access denied, secret scheduled for deletion, version absent). */
        REFUSED
    }

    private final Kind kind;

    public VaultException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A transient failure when {@code retryable}, otherwise a refusal. */
    public VaultException(String message, boolean retryable, Throwable cause) {
        this(message, retryable ? Kind.TRANSIENT : Kind.REFUSED, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.TRANSIENT;
    }
}
