package io.ccheadless.aws.wiring;

import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.core.token.CachingTokenVault;

import java.util.Objects;

/**
 * Makes a container safe to snapshot and to restore: forgets every token set and the client secret held in this
 * JVM's caches, and re-seeds the random source (containers restored from one snapshot must not share fences).
 */
public final class SnapshotHygiene {
    private final CachingTokenVault vault;
    private final ClientCredentialsSecret credentials;
    private final ReseedableRandom random;

    SnapshotHygiene(CachingTokenVault vault, ClientCredentialsSecret credentials, ReseedableRandom random) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.random = Objects.requireNonNull(random, "random");
    }

    public void forgetSecrets() {
        vault.clear();
        credentials.clear();
    }

    public void reseed() {
        random.reseed();
    }

    /** Whether any secret is held (the snapshot test asserts none after priming). */
    public boolean holdsSecrets() {
        return vault.size() > 0 || credentials.holdsCredentials();
    }
}
