package io.ccheadless.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMainTest {

    @Test
    void flagsBecomeTheConfiguration() throws Exception {
        SandboxMain.Options o = SandboxMain.parse(List.of("--port", "0", "--seed", "9", "--campaigns", "12",
                "--refresh-mode", "rotating_grace", "--grace-seconds", "30", "--consent", "MANUAL", "--no-api-rate-limit",
                "--limit-policy", "clamp", "--retry-after", "--client-id", "abc"));
        SandboxConfig c = o.config();
        assertEquals(0, c.port());
        assertEquals(9, c.seed());
        assertEquals(12, c.campaigns());
        assertEquals(RefreshTokenMode.ROTATING_GRACE, c.refreshMode());
        assertEquals(Duration.ofSeconds(30), c.graceWindow());
        assertEquals(ConsentMode.MANUAL, c.consent());
        assertFalse(c.apiRateLimit());
        assertTrue(c.tokenEndpointRateLimit());
        assertEquals(LimitPolicy.CLAMP, c.limitPolicy());
        assertTrue(c.retryAfterOn429());
        assertEquals("abc", c.clientId().orElseThrow());
        assertEquals(8089, SandboxMain.parse(List.of()).config().port());
    }

    @Test
    void unknownFlagsAndMissingValuesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(List.of("--bogus")));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(List.of("--port")));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(List.of("--port", "x")));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(List.of("--start-time", "yesterday")));
    }

    @Test
    void startLineNamesUrlAndClientButShowsTheSecretOnlyWhenAskedTo(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret");
        SandboxMain.Options o = SandboxMain.parse(List.of("--port", "0", "--client-secret-file", secretFile.toString()));
        try (CcSandbox sb = CcSandbox.start(o.config())) {
            String line = announce(sb, o);
            assertTrue(line.contains(sb.baseUri().toString()));
            assertTrue(line.contains("client_id=" + sb.clientId()));
            assertFalse(line.contains(sb.clientSecret()));
            assertTrue(line.contains(secretFile.toAbsolutePath().toString()));
            assertEquals(sb.clientSecret(), Files.readString(secretFile));
        }
        // a second start reads the same secret back from the file
        SandboxMain.Options again = SandboxMain.parse(List.of("--port", "0", "--client-secret-file", secretFile.toString()));
        try (CcSandbox sb = CcSandbox.start(again.config())) {
            assertEquals(Files.readString(secretFile), sb.clientSecret());
        }
        SandboxMain.Options printing = SandboxMain.parse(List.of("--port", "0", "--print-client-secret"));
        try (CcSandbox sb = CcSandbox.start(printing.config())) {
            assertTrue(announce(sb, printing).contains("client_secret=" + sb.clientSecret()));
        }
        SandboxMain.Options silent = SandboxMain.parse(List.of("--port", "0"));
        try (CcSandbox sb = CcSandbox.start(silent.config())) {
            assertFalse(announce(sb, silent).contains(sb.clientSecret()));
        }
    }

    private static String announce(CcSandbox sb, SandboxMain.Options o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SandboxMain.announce(sb, o, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), "one line");
        return text;
    }
}
