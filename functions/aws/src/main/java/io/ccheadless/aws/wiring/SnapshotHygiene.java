package io.ccheadless.aws.wiring;

import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.token.CachingTokenVault;

import io.micronaut.context.BeanProvider;

import java.util.Objects;

/**
 * Makes a container safe to snapshot and to restore: forgets every token set, the client secret, the partner
 * credentials and the partner JWT held in this JVM's caches (on a stack with partner credentials), and re-seeds the random source (containers restored from one snapshot must not share fences).
 */
public final class SnapshotHygiene {
    private final CachingTokenVault vault;
    private final ClientCredentialsSecret credentials;
    private final PartnerCredentialsSecret partnerCredentials;
    private final BeanProvider<PartnerClient> partner;
    private final ReseedableRandom random;

    SnapshotHygiene(CachingTokenVault vault, ClientCredentialsSecret credentials, PartnerCredentialsSecret partnerCredentials,
                    BeanProvider<PartnerClient> partner, ReseedableRandom random) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.partnerCredentials = Objects.requireNonNull(partnerCredentials, "partnerCredentials");
        this.partner = Objects.requireNonNull(partner, "partner");
        this.random = Objects.requireNonNull(random, "random");
    }

    public void forgetSecrets() {
        vault.clear();
        credentials.clear();
        partnerCredentials.clear();
        if (partnerCredentials.configured()) {
            partner.get().forgetToken();
        }
    }

    public void reseed() {
        random.reseed();
    }

    /** Whether any secret is held (the snapshot test asserts none after priming). */
    public boolean holdsSecrets() {
        return vault.size() > 0 || credentials.holdsCredentials() || partnerCredentials.holdsCredentials()
                || partnerCredentials.configured() && partner.get().holdsToken();
    }
}
