package io.ccheadless.core.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One-time authorization. {@link #begin} (operator only: it needs AWS credentials to store the state)
 * mints a single-use state with a PKCE verifier and answers CC's authorize URL. {@link #validate}
 * checks a callback's parameters and consumes its state; nothing else is changed until the code exchange.
 */
public final class Authorization {
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    public static final String SCOPES = "account_read campaign_data offline_access";
    private static final int MAX_PARAM = 2048;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    /**
     * What {@link Pkce#randomToken} mints: 32 random bytes, base64url without padding, so exactly 43 characters
     * of that alphabet. Anything else cannot be ours and is refused before the state store is asked (no
     * DynamoDB call, nothing billed), which keeps a flood of forged callbacks cheap.
     */
    public static final Pattern MINTED_STATE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final AuthorizationStates states;
    private final URI authBase;
    private final Supplier<ClientCredentials> client;
    private final Clock clock;

    public Authorization(AuthorizationStates states, URI authBase, Supplier<ClientCredentials> client, Clock clock) {
        this.states = Objects.requireNonNull(states, "states");
        this.authBase = Objects.requireNonNull(authBase, "authBase");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public record Link(URI url, Instant expiresAt) {
    }

    public Link begin(String tenant, URI redirectUri) {
        return begin(tenant, redirectUri, false);
    }

    /** @param allowAccountChange whether the link may connect another CC account than the one the tenant has */
    public Link begin(String tenant, URI redirectUri, boolean allowAccountChange) {
        Objects.requireNonNull(tenant, "tenant");
        if (redirectUri.getScheme() == null || !(redirectUri.getScheme().equals("https")
                || (redirectUri.getScheme().equals("http") && isLoopback(redirectUri.getHost())))) {
            throw new IllegalArgumentException("the redirect URI must be https (or http on localhost): " + redirectUri);
        }
        String state = Pkce.randomToken();
        Pkce pkce = Pkce.generate();
        Instant expires = clock.instant().plus(STATE_LIFETIME);
        states.save(Pkce.hash(state), new PendingAuthorization(tenant, redirectUri, pkce.verifier(), expires, allowAccountChange));
        String base = authBase.toString().replaceAll("/+$", "");
        URI url = URI.create(base + "/authorize?response_type=code"
                + "&client_id=" + enc(client.get().clientId())
                + "&redirect_uri=" + enc(redirectUri.toString())
                + "&scope=" + SCOPES.replace(' ', '+')
                + "&state=" + enc(state)
                + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256");
        return new Link(url, expires);
    }

    /** What a callback asked for, once validated: the code and the pending authorization its state named. */
    public record Accepted(String code, PendingAuthorization pending) {
    }

    /** A callback that must be refused; {@code status} is the HTTP status to answer. Never echoes parameters. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String advice;

        public Refused(int status, String message, String advice) {
            super(message, null, false, false);
            this.status = status;
            this.advice = advice;
        }

        public int status() {
            return status;
        }

        public String advice() {
            return advice;
        }
    }

    public Accepted validate(Map<String, String> query) {
        for (var e : query.entrySet()) {
            if (e.getValue() != null && e.getValue().length() > MAX_PARAM) {
                throw new Refused(400, "The request's '" + safeName(e.getKey()) + "' parameter is too long.", MINT_AGAIN);
            }
        }
        String state = query.get("state");
        if (state == null || state.isBlank()) {
            throw new Refused(400, "The request has no state parameter, so it did not come from an authorization link.", MINT_AGAIN);
        }
        if (!MINTED_STATE.matcher(state).matches()) {
            throw new Refused(400, "The state parameter is malformed.", MINT_AGAIN);
        }
        Optional<PendingAuthorization> pending = states.consume(Pkce.hash(state), clock.instant());
        if (pending.isEmpty()) {
            throw new Refused(400, "This authorization link is unknown, has expired (links last 10 minutes) or was already used.",
                    MINT_AGAIN);
        }
        String error = query.get("error");
        if (error != null) {
            if ("access_denied".equals(error)) {
                throw new Refused(403, "Access was not granted at Constant Contact, so nothing was connected.",
                        "If that was a mistake, mint a new link and approve the request: cch authorize --tenant " + pending.get().tenant());
            }
            throw new Refused(400, "Constant Contact answered with an error (" + (SAFE.matcher(error).matches() ? error : "unreadable")
                    + "), so nothing was connected.", MINT_AGAIN);
        }
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            throw new Refused(400, "The request has no authorization code.", MINT_AGAIN);
        }
        if (!SAFE.matcher(code).matches()) {
            throw new Refused(400, "The authorization code is malformed.", MINT_AGAIN);
        }
        return new Accepted(code, pending.get());
    }

    public static final String MINT_AGAIN = "Ask an operator to mint a new authorization link: cch authorize --tenant <tenant> --redirect-uri <CallbackUrl>";

    private static String safeName(String k) {
        return k != null && k.matches("[a-z_]{1,32}") ? k : "?";
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
