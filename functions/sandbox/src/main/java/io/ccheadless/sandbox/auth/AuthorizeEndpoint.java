package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.http.Html;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /oauth2/default/v1/authorize} and the consent form behind it. A bad client or redirect URI gets a
 * 400 page (never a redirect); every other problem, and the user's decision, goes back to the redirect URI.
 */
public final class AuthorizeEndpoint {
    public static final String CONSENT_PATH = "/oauth2/default/v1/authorize/consent";
    private static final Duration CONSENT_PAGE_LIFETIME = Duration.ofMinutes(10);

    /** A validated authorization request. */
    private record AuthRequest(String clientId, String redirectUri, Set<String> scopes, String state,
                               String codeChallenge, Instant at) {
    }

    private final ClientRegistry clients;
    private final AuthorizationCodes codes;
    private final SignedInUser owner;
    private final SandboxClock clock;
    private final RandomTokens random;
    private final AtomicReference<ConsentMode> consent;
    private final Map<String, AuthRequest> awaitingConsent = new ConcurrentHashMap<>();

    public AuthorizeEndpoint(ClientRegistry clients, AuthorizationCodes codes, SignedInUser owner, SandboxClock clock,
                             RandomTokens random, ConsentMode consent) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.consent = new AtomicReference<>(Objects.requireNonNull(consent, "consent"));
    }

    public void setConsent(ConsentMode mode) {
        consent.set(Objects.requireNonNull(mode, "mode"));
    }

    public ConsentMode consentMode() {
        return consent.get();
    }

    public Response authorize(Request request) {
        Params q = request.query();
        String clientId = q.first("client_id").orElse("");
        String redirectUri = q.first("redirect_uri").orElse("");
        if (clients.find(clientId).isEmpty()) {
            return Response.html(400, Html.page("Bad request", "<p>Unknown client_id.</p>"));
        }
        if (!clients.redirectAllowed(redirectUri)) {
            return Response.html(400, Html.page("Bad request",
                    "<p>The redirect_uri is not registered for this application.</p>"));
        }
        String state = q.first("state").orElse(null);
        if (!"code".equals(q.first("response_type").orElse(""))) {
            return redirectError(redirectUri, "unsupported_response_type",
                    "The response type is not supported by the authorization server. Configured response types: [code].", state);
        }
        Set<String> scopes = Scopes.parse(q.first("scope").orElse(""));
        if (scopes.isEmpty()) {
            return redirectError(redirectUri, "invalid_scope", "The authorization request must include a scope.", state);
        }
        if (!Scopes.USER_SCOPES.containsAll(scopes)) {
            return redirectError(redirectUri, "invalid_scope",
                    "One or more scopes are not configured for the authorization server resource.", state);
        }
        String challenge = q.first("code_challenge").orElse(null);
        if (challenge != null) {
            if (!"S256".equals(q.first("code_challenge_method").orElse(""))) {
                return redirectError(redirectUri, "invalid_request",
                        "'code_challenge_method' must be 'S256'.", state);
            }
            if (!Pkce.validChallenge(challenge)) {
                return redirectError(redirectUri, "invalid_request", "'code_challenge' is malformed.", state);
            }
        }
        AuthRequest ar = new AuthRequest(clientId, redirectUri, scopes, state, challenge, clock.now());
        return switch (consent.get()) {
            case AUTO_APPROVE -> approve(ar);
            case AUTO_DENY -> deny(ar);
            case MANUAL -> consentPage(ar);
        };
    }

    /** {@code POST .../authorize/consent}: the Approve or Deny button of the consent page. */
    public Response decide(Request request) {
        Params p = request.formOrQuery();
        AuthRequest ar = awaitingConsent.remove(p.first("request_id").orElse(""));
        if (ar == null || !clock.now().isBefore(ar.at().plus(CONSENT_PAGE_LIFETIME))) {
            return Response.html(400, Html.page("Bad request", "<p>This consent request is unknown or has expired.</p>"));
        }
        return "approve".equals(p.first("decision").orElse("")) ? approve(ar) : deny(ar);
    }

    /** Issues a code as if the user had approved, for tests that skip the browser. */
    public Secret issueCode(String clientId, String redirectUri, Set<String> scopes, String codeChallenge) {
        if (clients.find(clientId).isEmpty()) {
            throw new IllegalArgumentException("unknown client");
        }
        if (!clients.redirectAllowed(redirectUri)) {
            throw new IllegalArgumentException("redirect URI not allowed: " + redirectUri);
        }
        if (scopes.isEmpty() || !Scopes.USER_SCOPES.containsAll(scopes)) {
            throw new IllegalArgumentException("scopes must be a non-empty subset of " + Scopes.USER_SCOPES);
        }
        if (codeChallenge != null && !Pkce.validChallenge(codeChallenge)) {
            throw new IllegalArgumentException("code challenge must be 43 base64url characters (S256)");
        }
        return issue(new AuthRequest(clientId, redirectUri, scopes, null, codeChallenge, clock.now()));
    }

    private Secret issue(AuthRequest ar) {
        ResourceOwner who = owner.current();
        GrantedAccess access = new GrantedAccess(ar.clientId(), who.subject(), who.accountId(), ar.scopes(), false);
        return codes.issue(new AuthorizationCodes.Pending(access, ar.redirectUri(), ar.codeChallenge(), clock.now()));
    }

    private Response approve(AuthRequest ar) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", issue(ar).value());
        params.put("state", ar.state());
        return Response.redirect(Html.withQuery(ar.redirectUri(), params));
    }

    private Response deny(AuthRequest ar) {
        return redirectError(ar.redirectUri(), "access_denied",
                "The resource owner or authorization server denied the request.", ar.state());
    }

    private static Response redirectError(String redirectUri, String error, String description, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        return Response.redirect(Html.withQuery(redirectUri, params));
    }

    private Response consentPage(AuthRequest ar) {
        String id = random.next(16);
        awaitingConsent.put(id, ar);
        String form = "<form method=\"post\" action=\"" + CONSENT_PATH + "\" style=\"display:inline\">"
                + "<input type=\"hidden\" name=\"request_id\" value=\"" + Html.escape(id) + "\">"
                + "<button name=\"decision\" value=\"%s\">%s</button></form> ";
        String body = "<p>The application <b>" + Html.escape(ar.clientId()) + "</b> asks to access the Constant Contact"
                + " account of <b>" + Html.escape(owner.current().subject()) + "</b> with these scopes:</p><ul>"
                + ar.scopes().stream().map(s -> "<li>" + Html.escape(s) + "</li>").reduce("", String::concat) + "</ul>"
                + form.formatted("approve", "Approve") + form.formatted("deny", "Deny");
        return Response.html(200, Html.page("Constant Contact sandbox: allow access?", body));
    }
}
