package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.http.Html;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /oauth2/default/v1/device/authorize} and the verification page at {@code /activate} where a person
 * enters (or follows a link with) the user code. The page follows the consent mode: AUTO_APPROVE approves on visit,
 * AUTO_DENY denies, MANUAL shows Approve/Deny buttons.
 */
public final class DeviceEndpoint {
    public static final String VERIFY_PATH = "/activate";

    private final ClientRegistry clients;
    private final DeviceAuthorizations devices;
    private final AuthorizeEndpoint consent;
    private final SandboxClock clock;
    private final Supplier<URI> baseUri;
    private final Json json;

    public DeviceEndpoint(ClientRegistry clients, DeviceAuthorizations devices, AuthorizeEndpoint consent,
                          SandboxClock clock, Supplier<URI> baseUri, Json json) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.consent = Objects.requireNonNull(consent, "consent");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.json = Objects.requireNonNull(json, "json");
    }

    public Response authorize(Request request) {
        Params p = request.formOrQuery();
        ClientAuthentication auth = ClientAuthentication.of(request, p, clients);
        if (auth.failed()) {
            return error(OAuthError.invalidClient());
        }
        ApplicationFlow flow = auth.client().get().flow();
        if (!flow.allows(TokenEndpoint.DEVICE_GRANT)) {
            return error(OAuthError.unauthorizedClient(flow));
        }
        Set<String> scopes = Scopes.parse(p.first("scope").orElse(""));
        if (scopes.isEmpty() || !Scopes.USER_SCOPES.containsAll(scopes)) {
            return error(new OAuthError(400, "invalid_scope",
                    "One or more scopes are not configured for the authorization server resource."));
        }
        DeviceAuthorizations.Started s = devices.start(auth.claimedClientId(), scopes, clock.now());
        String verify = baseUri.get() + VERIFY_PATH;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", s.deviceCode().value());
        body.put("user_code", s.userCode());
        body.put("verification_uri", verify);
        body.put("verification_uri_complete", Html.withQuery(verify, Map.of("user_code", s.userCode())));
        body.put("expires_in", s.expiresIn().toSeconds());
        body.put("interval", s.interval().toSeconds());
        return json.response(200, body).withHeader("Cache-Control", "no-store");
    }

    /** {@code GET /activate}: the page a person opens on another device. */
    public Response verifyPage(Request request) {
        String userCode = request.query().first("user_code").orElse("");
        if (userCode.isEmpty()) {
            return Response.html(200, Html.page("Activate your device", "<form method=\"post\" action=\"" + VERIFY_PATH
                    + "\"><input name=\"user_code\" placeholder=\"XXXX-XXXX\"> <button name=\"decision\" value=\"approve\">"
                    + "Approve</button> <button name=\"decision\" value=\"deny\">Deny</button></form>"));
        }
        ConsentMode mode = consent.consentMode();
        return switch (mode) {
            case AUTO_APPROVE -> decided(devices.approve(userCode, clock.now()), "approved");
            case AUTO_DENY -> decided(devices.deny(userCode, clock.now()), "denied");
            case MANUAL -> devices.pending(userCode, clock.now())
                    ? Response.html(200, Html.page("Activate your device", "<p>Allow the device showing <b>"
                    + Html.escape(userCode) + "</b> to access your Constant Contact account?</p><form method=\"post\" action=\""
                    + VERIFY_PATH + "\"><input type=\"hidden\" name=\"user_code\" value=\"" + Html.escape(userCode)
                    + "\"><button name=\"decision\" value=\"approve\">Approve</button> "
                    + "<button name=\"decision\" value=\"deny\">Deny</button></form>"))
                    : decided(false, "");
        };
    }

    /** {@code POST /activate}: the Approve or Deny button. */
    public Response decide(Request request) {
        Params p = request.formOrQuery();
        String userCode = p.first("user_code").orElse("");
        boolean approve = "approve".equals(p.first("decision").orElse(""));
        boolean ok = approve ? devices.approve(userCode, clock.now()) : devices.deny(userCode, clock.now());
        return decided(ok, approve ? "approved" : "denied");
    }

    private static Response decided(boolean ok, String what) {
        return ok ? Response.html(200, Html.page("Done", "<p>The device was " + what + ". You may close this window.</p>"))
                : Response.html(400, Html.page("Bad request", "<p>This code is unknown, expired or already used.</p>"));
    }

    private Response error(OAuthError e) {
        return json.response(e.status(), e.body());
    }
}
