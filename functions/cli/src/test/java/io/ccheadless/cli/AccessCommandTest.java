package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.store.DynamoCallerGrants;
import io.ccheadless.aws.testing.Moto;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** {@code cch access}: grants land in the state table the token API reads; a bad principal is a usage error. */
class AccessCommandTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/reporting";

    record Run(int rc, String out, String err) {
    }

    static Run cch(Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(argv, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void grantRevokeAndShowManageTheGrantsTheApiReads() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/auth", "http://127.0.0.1:9");
        try (AwsClients aws = Moto.provision(env, "id", "secret")) {
            DynamoCallerGrants grants = new DynamoCallerGrants(aws.dynamo(), Settings.fromEnvironment(env).stateTable());
            assertEquals(0, cch(env, "access", "grant", "--principal", ROLE, "--tenant", "acme").rc());
            // a session ARN is taken as its role
            Run g = cch(env, "access", "grant", "--principal", "arn:aws:sts::123456789012:assumed-role/reporting/alice",
                    "--tenant", "globex");
            assertEquals(0, g.rc(), g.err());
            assertTrue(g.out().contains(ROLE + " may now read tenant 'globex'"), g.out());
            assertEquals(Set.of("acme", "globex"), grants.tenantsOf(ROLE));

            assertEquals(0, cch(env, "access", "revoke", "--principal", ROLE, "--tenant", "acme").rc());
            assertEquals(Set.of("globex"), grants.tenantsOf(ROLE));
            assertTrue(cch(env, "access", "show", "--principal", ROLE).out().contains("may read: [globex]"));
            assertTrue(cch(env, "access", "show", "--principal", "arn:aws:iam::123456789012:role/other").out()
                    .contains("may read no tenant (default deny)"));
        }
    }

    @Test
    void aPrincipalThatIsNoRoleOrUserIsAUsageError() {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "STATE_TABLE", "s", "CAMPAIGNS_TABLE", "c",
                "TOKEN_SECRET_PREFIX", "p/", "CLIENT_SECRET_ID", "x", "EVENT_BUS_NAME", "b");
        for (String bad : new String[]{"arn:aws:iam::123456789012:root", "reporting", "*"}) {
            Run r = cch(env, "access", "grant", "--principal", bad, "--tenant", "acme");
            assertEquals(2, r.rc(), bad);
            assertTrue(r.err().contains("--principal must be an IAM role or user ARN"), r.err());
        }
        assertEquals(2, cch(env, "access", "grant", "--principal", ROLE, "--tenant", "bad tenant!").rc());
    }
}
