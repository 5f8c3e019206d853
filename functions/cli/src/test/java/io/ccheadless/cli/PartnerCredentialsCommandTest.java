package io.ccheadless.cli;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.obs.Sleeper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cch partner credentials set} on a stack deployed with PartnerAccounts=Enabled (moto): a complete set read
 * from standard input is stored and nothing of it is printed; an incomplete one is refused (exit status 2) without
 * being repeated, and stores nothing.
 */
class PartnerCredentialsCommandTest {
    static final String SECRET = "partner-secret-" + System.nanoTime();
    static final String KEY = "partner-key-" + System.nanoTime();

    record Result(int status, String out, String err) {
    }

    static Result run(Map<String, String> env, String stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(argv, new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), Sleeper.REAL));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCompleteSetIsStoredUnprintedAndAnIncompleteOneIsRefusedUnrepeated() {
        Map<String, String> env = Moto.environment("http://127.0.0.1:9/oauth2/default/v1", "http://127.0.0.1:9",
                Map.of("PartnerAccounts", "Enabled"));
        try (AwsClients aws = Moto.provision(env, "id", "secret")) {
            Result refused = run(env, "{\"client_id\": \"p\", \"client_secret\": \"" + SECRET + "\"}", "partner", "credentials", "set");
            assertEquals(ExitCodes.USAGE, refused.status(), refused.err());
            assertTrue(refused.err().contains("api_key"), refused.err());
            assertFalse((refused.out() + refused.err()).contains(SECRET));

            Result stored = run(env, "{\"client_id\": \"p\", \"client_secret\": \"" + SECRET + "\", \"api_key\": \"" + KEY + "\"}",
                    "partner", "credentials", "set");
            assertEquals(ExitCodes.OK, stored.status(), stored.err());
            assertTrue(stored.out().startsWith("Stored the partner credentials in " + env.get("PARTNER_SECRET_ID")), stored.out());
            assertFalse((stored.out() + stored.err()).contains(SECRET) || (stored.out() + stored.err()).contains(KEY),
                    stored.out() + stored.err());
            var read = new PartnerCredentialsSecret(aws.secrets(), Settings.fromEnvironment(env).partnerSecretId()).get();
            assertEquals(SECRET, read.clientSecret().reveal());
            assertEquals(KEY, read.apiKey().reveal());
        }
    }
}
