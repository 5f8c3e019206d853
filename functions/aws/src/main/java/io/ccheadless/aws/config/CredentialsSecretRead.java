package io.ccheadless.aws.config;

import io.ccheadless.aws.store.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reading a credentials secret the operator fills (the client credentials, the partner credentials): a missing secret
 * or a refused read is a {@link ConfigurationException} naming the secret and its variable; a throttled, failing or
 * unreachable Secrets Manager is transient (the next call reads again), never a configuration error.
 */
final class CredentialsSecretRead {
    private CredentialsSecretRead() {
    }

    /**
     * @param what     the secret's name in messages, e.g. "client credentials secret"
     * @param variable the environment variable that names it, e.g. CLIENT_SECRET_ID
     * @return the secret's string (may be null)
     */
    static String read(SecretsManagerClient secrets, String secretId, String what, String variable) {
        try {
            return secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException(what + " " + secretId + " does not exist (" + variable + ")");
        } catch (SdkException e) {
            if (AwsErrors.transientFailure(e)) {
                throw AwsErrors.unavailable("reading " + what + " " + secretId, e);
            }
            throw new ConfigurationException("reading " + what + " " + secretId + ": "
                    + AwsErrors.unavailable("", e).getMessage().substring(2));
        }
    }
}
