package io.ccheadless.aws.vault;

import io.ccheadless.aws.store.AwsErrors;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.TokenSetCodec;
import io.ccheadless.core.token.TokenVault;
import io.ccheadless.core.token.VaultException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.Objects;
import java.util.Optional;

/**
 * Token-set versions in Secrets Manager, one secret per tenant ({@code <prefix><tenant>}). Each
 * generation is written with {@code ClientRequestToken} = its version id (io.ccheadless.core.token.VersionIds),
 * which becomes its VersionId; reads always name a VersionId, never the AWSCURRENT label. A tenant's first
 * authorization creates its secret, encrypted with {@code kmsKeyId} when the stack has a customer-managed
 * TokenKey (TOKEN_KMS_KEY_ID), else with the default aws/secretsmanager key.
 */
public final class SecretsManagerTokenVault implements TokenVault {
    private final SecretsManagerClient secrets;
    private final String prefix;
    private final String kmsKeyId;

    public SecretsManagerTokenVault(SecretsManagerClient secrets, String prefix) {
        this(secrets, prefix, null);
    }

    /** {@code kmsKeyId}: the key for the secrets this vault creates; null for aws/secretsmanager. */
    public SecretsManagerTokenVault(SecretsManagerClient secrets, String prefix, String kmsKeyId) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.kmsKeyId = kmsKeyId;
    }

    public String secretId(String tenant) {
        return prefix + tenant;
    }

    @Override
    public TokenSet read(String tenant, String versionId) {
        return find(tenant, versionId).orElseThrow(() -> new VaultException("secret " + secretId(tenant)
                + " has no version " + versionId + " (the pointer names it: was the secret deleted or replaced?)", false, null));
    }

    @Override
    public Optional<TokenSet> find(String tenant, String versionId) {
        String where = "secret " + secretId(tenant) + " version " + versionId;
        try {
            var r = secrets.getSecretValue(b -> b.secretId(secretId(tenant)).versionId(versionId));
            return Optional.of(TokenSetCodec.decode(r.secretString(), where));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new VaultException("reading " + where + ": " + reason(e), AwsErrors.transientFailure(e), null);
        }
    }

    @Override
    public void write(String tenant, String versionId, long generation, TokenSet tokens) {
        String value = TokenSetCodec.encode(tenant, generation, tokens);
        String id = secretId(tenant);
        try {
            put(id, versionId, value, generation);
        } catch (ResourceNotFoundException e) {
            createWithFirstVersion(id, versionId, value, generation);
        }
    }

    /** PutSecretValue under {@code versionId}; every SDK failure but a missing secret becomes a {@link VaultException}. */
    private void put(String id, String versionId, String value, long generation) {
        try {
            secrets.putSecretValue(b -> b.secretId(id).clientRequestToken(versionId).secretString(value));
        } catch (ResourceNotFoundException e) {
            throw e;
        } catch (ResourceExistsException e) {
            throw new VaultException("secret " + id + " already holds a different token set as version " + versionId
                    + " (generation " + generation + "); refusing to overwrite it", VaultException.Kind.CONFLICT, null);
        } catch (SdkException e) {
            throw new VaultException("writing generation " + generation + " to secret " + id + ": " + reason(e), AwsErrors.transientFailure(e), null);
        }
    }

    private void createWithFirstVersion(String id, String versionId, String value, long generation) {
        try {
            secrets.createSecret(b -> b.name(id).clientRequestToken(versionId).secretString(value).kmsKeyId(kmsKeyId)
                    .description("cc-headless token sets; versions are generations, addressed by VersionId"));
        } catch (ResourceExistsException e) {
            // created concurrently (or our earlier attempt's answer was lost): the regular path applies
            try {
                put(id, versionId, value, generation);
            } catch (ResourceNotFoundException gone) {
                throw new VaultException("secret " + id + " vanished while being created", true, null);
            }
        } catch (SdkException e) {
            throw new VaultException("creating secret " + id + ": " + reason(e), AwsErrors.transientFailure(e), null);
        }
    }


    private static String reason(SdkException e) {
        // SDK messages name the request, not the secret's value; keep only the first line.
        return AwsErrors.unavailable("", e).getMessage().substring(2);
    }
}
