package io.ccheadless.aws.config;

import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Map;
import java.util.Objects;

/**
 * Reads the CC client id and secret from Secrets Manager on first use and keeps them for the container, until
 * {@link #clear()} (before a SnapStart snapshot and after a restore, so a snapshot never holds them).
 */
public final class ClientCredentialsSecret extends CachedCredentialsSecret<ClientCredentials> {
    public static final String PLACEHOLDER = "REPLACE_ME";

    private final SecretsManagerClient secrets;
    private final String secretId;

    public ClientCredentialsSecret(SecretsManagerClient secrets, String secretId) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
    }

    @Override
    protected ClientCredentials load() {
        String value = CredentialsSecretRead.read(secrets, secretId, "client credentials secret", "CLIENT_SECRET_ID");
        Map<String, Object> n;
        try {
            n = Json.object(value == null ? "" : value);
        } catch (MalformedJsonException e) {
            n = null;
        }
        String id = n == null ? "" : Json.text(n.get("client_id"));
        if (n != null && !id.isBlank() && !PLACEHOLDER.equals(id) && !n.containsKey("client_secret")) {
            return ClientCredentials.publicClient(id);   // a device-flow-only application has no secret
        }
        String secret = n == null ? "" : Json.text(n.get("client_secret"));
        if (id.isBlank() || secret.isBlank() || PLACEHOLDER.equals(id) || PLACEHOLDER.equals(secret)) {
            throw new ConfigurationException("client credentials secret " + secretId + " must hold JSON"
                    + " {\"client_id\": \"<CC API key>\", \"client_secret\": \"<CC client secret>\"} (without client_secret"
                    + " for an application used only with the device flow); set it with"
                    + " aws secretsmanager put-secret-value --secret-id " + secretId + " --secret-string file://client.json");
        }
        return new ClientCredentials(id, Secret.of(secret));
    }

}
