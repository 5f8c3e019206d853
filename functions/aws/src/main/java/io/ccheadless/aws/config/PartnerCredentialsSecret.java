package io.ccheadless.aws.config;

import io.ccheadless.aws.store.AwsErrors;
import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.partner.PartnerCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the partner credentials ({@code PARTNER_SECRET_ID}: JSON {@code {"client_id", "client_secret", "api_key"}})
 * from Secrets Manager on first use and keeps them for the container until {@link #clear()}, as
 * {@link ClientCredentialsSecret} does the OAuth client's: a throttled, failing or unreachable Secrets Manager is a
 * transient {@code StoreUnavailableException} (read again next time), anything else a {@link ConfigurationException}
 * that names the secret and the command to set it — never a value. Without {@code PARTNER_SECRET_ID} the stack has
 * no partner tenants and {@link #get()} says so.
 */
public final class PartnerCredentialsSecret extends CachedCredentialsSecret<PartnerCredentials> {

    private final SecretsManagerClient secrets;
    private final String secretId;

    /** @param secretId null when the stack has no partner credentials */
    public PartnerCredentialsSecret(SecretsManagerClient secrets, String secretId) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secretId = secretId;
    }

    public boolean configured() {
        return secretId != null;
    }

    @Override
    protected PartnerCredentials load() {
        if (secretId == null) {
            throw new ConfigurationException("configuration: this stack has no partner credentials (PARTNER_SECRET_ID is"
                    + " not set; template parameter PartnerAccounts=Enabled creates the secret)");
        }
        String value = CredentialsSecretRead.read(secrets, secretId, "partner credentials secret", "PARTNER_SECRET_ID");
        PartnerCredentials c = parse(value);
        if (c == null) {
            throw new ConfigurationException("partner credentials secret " + secretId + " must hold JSON " + SHAPE
                    + "; set it with cch partner credentials set, or aws secretsmanager put-secret-value --secret-id "
                    + secretId + " --secret-string file://partner.json");
        }
        return c;
    }

    /**
     * The operator's step ({@code cch partner credentials set}): stores {@code json} as the secret's new version, if it
     * is a complete set. Answers what was stored; a malformed input is refused with a message that never repeats it.
     */
    public PartnerCredentials store(String json) {
        if (secretId == null) {
            load();   // names the missing PARTNER_SECRET_ID
        }
        PartnerCredentials c = parse(json);
        if (c == null) {
            throw new ConfigurationException("partner credentials must be JSON " + SHAPE + ", every field set");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("client_id", c.clientId());
        set.put("client_secret", c.clientSecret().reveal());
        set.put("api_key", c.apiKey().reveal());
        String value = Json.write(set);
        try {
            secrets.putSecretValue(b -> b.secretId(secretId).secretString(value));
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException("partner credentials secret " + secretId + " does not exist (PARTNER_SECRET_ID)");
        } catch (SdkException e) {
            throw AwsErrors.unavailable("storing partner credentials secret " + secretId, e);
        }
        clear();
        return c;
    }

    static final String SHAPE = "{\"client_id\": \"<partner client id>\", \"client_secret\": \"<partner secret>\","
            + " \"api_key\": \"<API key for x-api-key>\"}";

    /** The credentials {@code value} holds, or null when it is not a complete set (placeholders count as unset). */
    static PartnerCredentials parse(String value) {
        Map<String, Object> n;
        try {
            n = Json.object(value == null ? "" : value);
        } catch (MalformedJsonException e) {
            n = null;
        }
        String id = text(n, "client_id");
        String secret = text(n, "client_secret");
        String key = text(n, "api_key");
        if (id.isBlank() || secret.isBlank() || key.isBlank() || ClientCredentialsSecret.PLACEHOLDER.equals(id)
                || ClientCredentialsSecret.PLACEHOLDER.equals(secret) || ClientCredentialsSecret.PLACEHOLDER.equals(key)) {
            return null;
        }
        return new PartnerCredentials(id, Secret.of(secret), Secret.of(key));
    }

    private static String text(Map<String, Object> n, String field) {
        return n != null && n.get(field) instanceof String s ? s.trim() : "";
    }
}
