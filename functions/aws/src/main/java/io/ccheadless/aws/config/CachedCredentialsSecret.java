package io.ccheadless.aws.config;

import java.util.function.Supplier;

/**
 * Credentials read from a secret on first use and kept for the container until {@link #clear()} (before a SnapStart
 * snapshot and after a restore, so that a snapshot never holds them): the client credentials, the partner credentials.
 */
public abstract class CachedCredentialsSecret<T> implements Supplier<T> {
    private volatile T cached;

    @Override
    public final T get() {
        T c = cached;
        if (c == null) {
            c = load();
            cached = c;
        }
        return c;
    }

    /** Forgets the credentials; the next {@link #get()} reads them again. */
    public final void clear() {
        cached = null;
    }

    /** Whether the credentials are held (the snapshot test asserts they are not after priming). */
    public final boolean holdsCredentials() {
        return cached != null;
    }

    /** Reads the credentials from the secret (a failure is thrown, and the next {@link #get()} reads again). */
    protected abstract T load();
}
