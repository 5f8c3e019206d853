package io.ccheadless.aws.store;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.oauth.PendingAuthorization;
import io.ccheadless.core.oauth.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The operator's --allow-account-change travels with the single-use state, and a state minted before it means no. */
class DynamoAuthorizationStatesMotoTest {
    static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
    AwsClients aws;
    DynamoAuthorizationStates states;
    String table;

    @BeforeEach
    void start() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/oauth2/default/v1", "http://127.0.0.1:9");
        aws = Moto.provision(env, "client", "secret");
        table = Settings.fromEnvironment(env).stateTable();
        states = new DynamoAuthorizationStates(aws.dynamo(), table);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    PendingAuthorization pending(boolean allow) {
        return new PendingAuthorization("acme", URI.create("https://cb.example/cb"), Secret.of("verifier-1"),
                NOW.plusSeconds(600), allow);
    }

    @Test
    void theAllowFlagIsStoredAndAnsweredOnce() {
        states.save("h-allow", pending(true));
        states.save("h-deny", pending(false));
        assertTrue(states.consume("h-allow", NOW).orElseThrow().allowAccountChange());
        assertFalse(states.consume("h-deny", NOW).orElseThrow().allowAccountChange());
        assertTrue(states.consume("h-allow", NOW).isEmpty(), "single use");
    }

    @Test
    void aStateWrittenBeforeTheFlagExistedAllowsNoChange() {
        aws.dynamo().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("authstate#h-old"), "tenant", AttributeValue.fromS("acme"),
                "redirect_uri", AttributeValue.fromS("https://cb.example/cb"), "code_verifier", AttributeValue.fromS("v"),
                "expires_at", AttributeValue.fromN(Long.toString(NOW.plusSeconds(60).toEpochMilli())))));
        assertFalse(states.consume("h-old", NOW).orElseThrow().allowAccountChange());
    }
}
