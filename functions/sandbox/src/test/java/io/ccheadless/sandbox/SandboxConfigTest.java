package io.ccheadless.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

    @Test
    void defaultsFollowWhatCcDoes() {
        SandboxConfig c = SandboxConfig.builder().build();
        assertEquals(0, c.port());
        assertEquals(42, c.seed());
        assertEquals(40, c.campaigns());
        assertEquals(RefreshTokenMode.ROTATING_STRICT, c.refreshMode());
        assertEquals(Duration.ZERO, c.graceWindow());
        assertEquals(ConsentMode.AUTO_APPROVE, c.consent());
        assertTrue(c.tokenEndpointRateLimit());
        assertTrue(c.apiRateLimit());
        assertEquals(LimitPolicy.REJECT, c.limitPolicy());
        assertFalse(c.retryAfterOn429());
        assertTrue(c.clientId().isEmpty());
    }

    @Test
    void invalidValuesAreRefusedAtBuildTime() {
        assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().port(70_000).build());
        assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().campaigns(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().graceWindow(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> SandboxConfig.builder().clientSecret("short").build());
    }

    @Test
    void toStringNeverShowsAGivenClientSecret() {
        String secret = "a-very-secret-value-123";
        assertFalse(SandboxConfig.builder().clientSecret(secret).build().toString().contains(secret));
    }

    @Test
    void givenClientCredentialsAreTheOnesTheSandboxAccepts() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().clientId("my-app").clientSecret("my-app-secret-1").build())) {
            assertEquals("my-app", sb.clientId());
            assertEquals("my-app-secret-1", sb.clientSecret());
            assertEquals(200, new TestHttp(sb).login("campaign_data").has("access_token") ? 200 : 500);
            assertEquals(sb.baseUri() + "/oauth2/default/v1", sb.authBaseUri().toString());
            assertTrue(sb.baseUri().toString().startsWith("http://127.0.0.1:"));
        }
    }
}
