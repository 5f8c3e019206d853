package io.ccheadless.sandbox;

import static io.ccheadless.sandbox.TestHttp.json;
import static io.ccheadless.sandbox.TestHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ccheadless.sandbox.auth.ApplicationFlow;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application registered for one OAuth flow, as CC registers them (docs/cc-api.md §2.2): the other flow's grant is
 * refused with Okta's {@code 400 unauthorized_client}, before the grant is looked at, and refreshing still works.
 */
class ApplicationFlowTest {
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private static HttpResponse<String> devicePoll(TestHttp http, CcSandbox sb, String deviceCode) {
        return http.postForm("/oauth2/default/v1/token",
                map("grant_type", DEVICE_GRANT, "device_code", deviceCode, "client_id", sb.clientId()), null, null);
    }

    private static HttpResponse<String> deviceStart(TestHttp http, CcSandbox sb) {
        return http.postForm("/oauth2/default/v1/device/authorize",
                map("client_id", sb.clientId(), "scope", "campaign_data offline_access"), null, null);
    }

    private static String error(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), "expected an OAuth error"); // never print a body that may hold tokens
        return json(r).get("error").asText();
    }

    private static String code(CcSandbox sb) {
        return sb.issueAuthorizationCode(sb.clientId(), TestHttp.REDIRECT,
                new LinkedHashSet<>(List.of("campaign_data", "offline_access")), null);
    }

    @Test
    void aCodeFlowApplicationIsRefusedTheDeviceGrantAndDeviceAuthorization() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().applicationFlow(ApplicationFlow.AUTHORIZATION_CODE).build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> polled = devicePoll(http, sb, "some-device-code");
            assertEquals("unauthorized_client", error(polled));
            assertTrue(json(polled).get("error_description").asText()
                    .endsWith("Configured grant types: [refresh_token, authorization_code]."));
            assertEquals("unauthorized_client", error(deviceStart(http, sb)));
            sb.clock().advance(Duration.ofSeconds(1));
            String refresh = http.login("campaign_data offline_access").get("refresh_token").asText();
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals(200, http.refresh(refresh).statusCode());
        }
        try (CcSandbox lenient = CcSandbox.start(Sandboxes.quiet().build())) {
            assertEquals("invalid_grant", error(devicePoll(new TestHttp(lenient), lenient, "some-device-code")),
                    "without the switch the same poll reaches the device grant");
        }
    }

    @Test
    void aDeviceFlowApplicationIsRefusedTheCodeExchangeButPollsAndRefreshes() {
        try (CcSandbox sb = CcSandbox.start(Sandboxes.quiet().applicationFlow(ApplicationFlow.DEVICE).build())) {
            TestHttp http = new TestHttp(sb);
            HttpResponse<String> exchanged = http.postForm("/oauth2/default/v1/token", map("grant_type",
                    "authorization_code", "code", code(sb), "redirect_uri", TestHttp.REDIRECT, "client_id", sb.clientId()),
                    null, null);
            assertEquals("unauthorized_client", error(exchanged));
            assertTrue(json(exchanged).get("error_description").asText()
                    .endsWith("Configured grant types: [refresh_token, " + DEVICE_GRANT + "]."));
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals("unauthorized_client", error(http.token(map("grant_type", "authorization_code",
                    "code", code(sb), "redirect_uri", TestHttp.REDIRECT))), "a confidential exchange too");

            HttpResponse<String> authorize = http.get("/oauth2/default/v1/authorize?client_id=" + TestHttp.enc(sb.clientId())
                    + "&redirect_uri=" + TestHttp.enc(TestHttp.REDIRECT) + "&response_type=code&state=s1"
                    + "&scope=campaign_data%20offline_access");
            assertEquals(302, authorize.statusCode());
            assertTrue(authorize.headers().firstValue("Location").orElse("")
                    .startsWith(TestHttp.REDIRECT + "?error=unauthorized_client&"), "the browser is sent back refused");

            sb.clock().advance(Duration.ofSeconds(1));
            HttpResponse<String> started = deviceStart(http, sb);
            assertEquals(200, started.statusCode());
            assertTrue(sb.control().approveDevice(json(started).get("user_code").asText()));
            sb.clock().advance(Duration.ofSeconds(5));
            HttpResponse<String> tokens = devicePoll(http, sb, json(started).get("device_code").asText());
            assertEquals(200, tokens.statusCode());
            sb.clock().advance(Duration.ofSeconds(1));
            assertEquals(200, http.postForm("/oauth2/default/v1/token", map("grant_type", "refresh_token",
                    "refresh_token", json(tokens).get("refresh_token").asText(), "client_id", sb.clientId()), null, null)
                    .statusCode());
        }
    }

    @Test
    void theStandaloneSandboxTakesTheFlowFromTheCommandLine() throws Exception {
        assertEquals(ApplicationFlow.DEVICE, SandboxMain.parse(List.of("--app-flow", "device")).config().applicationFlow());
        assertEquals(ApplicationFlow.ANY, SandboxMain.parse(List.of()).config().applicationFlow());
    }
}
