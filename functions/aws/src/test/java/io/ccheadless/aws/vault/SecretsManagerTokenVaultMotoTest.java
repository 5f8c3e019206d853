package io.ccheadless.aws.vault;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.VaultException;
import io.ccheadless.core.token.VersionIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** Versions by deterministic ClientRequestToken, on moto's Secrets Manager (which enforces the token rule). */
class SecretsManagerTokenVaultMotoTest {
    static final String T = "acme";
    final Instant now = Instant.parse("2026-11-01T00:00:00Z");
    AwsClients aws;
    SecretsManagerTokenVault vault;

    @BeforeEach
    void setUp() {
        var env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        aws = Moto.provision(env, "id", "secret");
        vault = new SecretsManagerTokenVault(aws.secrets(), Settings.fromEnvironment(env).tokenSecretPrefix());
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    TokenSet set(String n) {
        return new TokenSet(Secret.of("at-" + n), Secret.of("rt-" + n), now.plusSeconds(86400), "campaign_data offline_access", now, now);
    }

    static final String CHAIN = "c0ffee";

    String v(long generation) {
        return VersionIds.of(T, CHAIN, generation);
    }

    /** template.yaml with TokenKeyMode=customer-managed: the stack's TokenKey encrypts every token secret. */
    @Test
    void withTheCustomerManagedKeyEveryTokenSecretUsesIt() {
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        var out = io.ccheadless.aws.local.LocalProvisioner.outputs(Moto.endpoint(), "us-east-1", "kms-" + id,
                java.util.Map.of("TokenKeyMode", "customer-managed"));
        String key = out.get("TokenKeyArn");
        assertNotNull(key, "the stack has a TokenKey output: " + out);
        assertEquals(key, aws.secrets().describeSecret(b -> b.secretId(out.get("DefaultTenantTokenSecretArn"))).kmsKeyId(),
                "the template's own token secret");
        var keyed = new SecretsManagerTokenVault(aws.secrets(), out.get("TokenSecretPrefix"), key);
        keyed.write(T, v(1), 1, set("1"));   // a tenant's first authorization creates its secret
        assertEquals(key, aws.secrets().describeSecret(b -> b.secretId(keyed.secretId(T))).kmsKeyId());
        assertEquals(set("1"), keyed.read(T, v(1)));
        vault.write(T, v(1), 1, set("1"));
        assertNull(aws.secrets().describeSecret(b -> b.secretId(vault.secretId(T))).kmsKeyId(), "no key: aws/secretsmanager");
    }

    @Test
    void generationsAreVersionsAddressedByTheirDeterministicId() {
        vault.write(T, v(1), 1, set("1"));
        vault.write(T, v(2), 2, set("2"));
        assertEquals(set("1"), vault.read(T, v(1)));
        assertEquals(set("2"), vault.read(T, v(2)));
        assertTrue(vault.find(T, v(3)).isEmpty());
    }

    @Test
    void versionsOfAnotherChainAreOtherVersions() {
        vault.write(T, v(1), 1, set("1"));
        assertTrue(vault.find(T, VersionIds.of(T, "another", 1)).isEmpty());
        assertTrue(vault.find(T, VersionIds.of(T, null, 1)).isEmpty(), "nor the id of a chain without an id");
    }

    @Test
    void rewritingTheSameGenerationWithTheSameValueIsANoOp() {
        vault.write(T, v(1), 1, set("1"));
        vault.write(T, v(1), 1, set("1"));
        assertEquals(set("1"), vault.read(T, v(1)));
    }

    @Test
    void aDifferentValueUnderAnExistingGenerationIsAConflictAndTheStoredOneKept() {
        vault.write(T, v(1), 1, set("1"));
        VaultException e = assertThrows(VaultException.class, () -> vault.write(T, v(1), 1, set("other")));
        assertFalse(e.retryable());
        assertEquals(VaultException.Kind.CONFLICT, e.kind());
        assertFalse(e.getMessage().contains("rt-other"), "no token in the message");
        assertEquals(set("1"), vault.read(T, v(1)));
    }

    @Test
    void aSetWithoutAnAccessTokenRoundTrips() {
        TokenSet refreshOnly = new TokenSet(null, Secret.of("rt-only"), now, "campaign_data", now, now);
        vault.write(T, v(1), 1, refreshOnly);
        assertEquals(refreshOnly, vault.read(T, v(1)));
        assertFalse(vault.read(T, v(1)).hasAccessToken());
    }

    @Test
    void readingAMissingVersionNamesSecretAndVersion() {
        vault.write(T, v(1), 1, set("1"));
        VaultException e = assertThrows(VaultException.class, () -> vault.read(T, "00000000-0000-0000-0000-000000000000"));
        assertTrue(e.getMessage().contains(vault.secretId(T)), e.getMessage());
    }
}
