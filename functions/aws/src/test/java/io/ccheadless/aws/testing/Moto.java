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

    /**
     * Settings for clients of moto without a stack behind them: a test that makes the one table or queue it needs
     * ({@link #stateTable}) skips the stack's deployment (seconds on a busy machine). Its state table is named here.
     */
    public static Settings bare() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return Settings.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint(),
                "STATE_TABLE", "bare-state-" + id, "CAMPAIGNS_TABLE", "bare-campaigns-" + id,
                "TOKEN_SECRET_PREFIX", "bare-" + id + "/tokens/", "CLIENT_SECRET_ID", "bare-" + id + "/cc-client",
                "EVENT_BUS_NAME", "bare-" + id, "CC_AUTH_BASE_URL", "http://127.0.0.1:9/auth", "CC_API_BASE_URL",
                "http://127.0.0.1:9"));
    }

    /** A table keyed like the state table ({@code pk}, a string hash key), on demand. */
    public static void stateTable(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk")
                        .attributeType(software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S)));
    }

    /** Clients and provisioned resources for {@code env}. */
    public static AwsClients provision(Map<String, String> env, String clientId, String clientSecret) {
        Settings s = Settings.fromEnvironment(env);
        AwsClients aws = AwsClients.create(s);
        LocalProvisioner.provision(aws, s, new ClientCredentials(clientId, Secret.of(clientSecret)));
        return aws;
    }
}
