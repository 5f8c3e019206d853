package io.ccheadless.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The {@code device-authorize} command is reachable from {@code cch} and checks its input before any call. */
class MainDeviceAuthorizeTest {
    static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1", "STATE_TABLE", "s", "CAMPAIGNS_TABLE", "c",
            "TOKEN_SECRET_PREFIX", "p/", "CLIENT_SECRET_ID", "id", "EVENT_BUS_NAME", "b");

    @Test
    void helpListsTheCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{"--help"}, ENV, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("device-authorize --tenant T"));
    }

    @Test
    void aBadTenantIsAUsageErrorBeforeAnythingIsAsked() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[]{"device-authorize", "--tenant", "no spaces!"}, ENV, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("cch: --tenant must be"), err.toString(StandardCharsets.UTF_8));
    }
}
