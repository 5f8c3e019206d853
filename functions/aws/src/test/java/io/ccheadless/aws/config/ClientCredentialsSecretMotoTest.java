package io.ccheadless.aws.config;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.testing.Moto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A device-flow-only application stores no client secret; a placeholder or a blank one is still a setup error. */
class ClientCredentialsSecretMotoTest {
    AwsClients aws;
    String secretId;

    @BeforeEach
    void start() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/oauth2/default/v1", "http://127.0.0.1:9");
        aws = Moto.provision(env, "client", "secret");
        secretId = Settings.fromEnvironment(env).clientSecretId();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    ClientCredentialsSecret holding(String json) {
        aws.secrets().putSecretValue(b -> b.secretId(secretId).secretString(json));
        return new ClientCredentialsSecret(aws.secrets(), secretId);
    }

    @Test
    void withoutAClientSecretTheCredentialsAreAPublicClients() {
        var c = holding("{\"client_id\": \"the-api-key\"}").get();
        assertEquals("the-api-key", c.clientId());
        assertFalse(c.hasSecret());
        assertTrue(holding("{\"client_id\": \"k\", \"client_secret\": \"s\"}").get().hasSecret());
    }

    @Test
    void aBlankOrPlaceholderSecretOrIdIsStillRefused() {
        assertThrows(ConfigurationException.class, () -> holding("{\"client_id\": \"k\", \"client_secret\": \"\"}").get());
        assertThrows(ConfigurationException.class,
                () -> holding("{\"client_id\": \"k\", \"client_secret\": \"" + ClientCredentialsSecret.PLACEHOLDER + "\"}").get());
        assertThrows(ConfigurationException.class, () -> holding("{\"client_id\": \"" + ClientCredentialsSecret.PLACEHOLDER + "\"}").get());
        assertThrows(ConfigurationException.class, () -> holding("{}").get());
    }
}
