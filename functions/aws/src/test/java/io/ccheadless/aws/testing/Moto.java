package io.ccheadless.aws.testing;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import org.junit.jupiter.api.Assumptions;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Adapter tests run against moto server (a real AWS-protocol emulator) started by test-all.sh, which
 * exports CCH_TEST_AWS_ENDPOINT. Without it: a failure under CI=true, a plain skip elsewhere.
 */
public final class Moto {
    private Moto() {
    }

    public static String endpoint() {
        String e = System.getenv("CCH_TEST_AWS_ENDPOINT");
        if (e == null || e.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CCH_TEST_AWS_ENDPOINT is not set: run the tests with infrastructure/scripts/test-all.sh");
            }
            Assumptions.abort("skipped: no moto server (CCH_TEST_AWS_ENDPOINT unset); infrastructure/scripts/test-all.sh starts one");
        }
        return e;
    }

    /**
     * Environment for a fresh, isolated set of resources on moto: a new stack of template.yaml's stateful
     * resources (LocalProvisioner.deploy), its names read from the stack's outputs.
     */
    public static Map<String, String> environment(String ccAuthBase, String ccApiBase) {
        return environment(ccAuthBase, ccApiBase, Map.of());
    }

    /** The same with template parameters, e.g. {@code PartnerAccounts=Enabled} (PARTNER_SECRET_ID set from its output). */
    public static Map<String, String> environment(String ccAuthBase, String ccApiBase, Map<String, String> parameters) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint());
        env.put("CC_AUTH_BASE_URL", ccAuthBase);
        env.put("CC_API_BASE_URL", ccApiBase);
        env.put("DEFAULT_TENANT", "default");
        return new HashMap<>(LocalProvisioner.deploy(env, "t-" + id, parameters));
    }

    /** Clients and provisioned resources for {@code env}. */
    public static AwsClients provision(Map<String, String> env, String clientId, String clientSecret) {
        Settings s = Settings.fromEnvironment(env);
        AwsClients aws = AwsClients.create(s);
        LocalProvisioner.provision(aws, s, new ClientCredentials(clientId, Secret.of(clientSecret)));
        return aws;
    }
}
