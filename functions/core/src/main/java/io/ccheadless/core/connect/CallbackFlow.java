package io.ccheadless.core.connect;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OAuth callback: validate and consume the state, exchange the code under the token lease (same
 * write protocol as every refresh) and, before the answer is stored, check which account it reaches, its user's
 * privileges and that it is the tenant's account unless the link allowed a change ({@link ConnectGuard}).
 * Every refusal is an {@link Authorization.Refused} with its HTTP status; none changes stored tokens.
 */
public final class CallbackFlow {
    private final Authorization authorization;
    private final TokenService tokens;
    private final TokenEndpoint endpoint;
    private final io.ccheadless.core.obs.Sleeper sleeper;
    private final ConnectGuard guard;
    private final ConnectEvents events;

    public CallbackFlow(Authorization authorization, TokenService tokens, TokenEndpoint endpoint, CcApi api,
                        io.ccheadless.core.obs.Sleeper sleeper, ConnectEvents events) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.guard = new ConnectGuard(api, tokens);
        this.events = Objects.requireNonNull(events, "events");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** @param accountName the organization name (the account id when it has none) */
    public record Connected(String tenant, long generation, String accountName, ConnectedAccount account) {
    }

    public Connected complete(Map<String, String> query, Instant deadline) {
        Authorization.Accepted a = authorization.validate(query);
        String tenant = a.pending().tenant();
        AtomicReference<ConnectGuard.Admitted> admitted = new AtomicReference<>();
        long generation;
        try {
            generation = tokens.connect(tenant, now -> {
                ConnectGuard.Admitted ok = guard.admit(tenant, ConnectPath.CALLBACK, exchange(a, now),
                        a.pending().allowAccountChange(), deadline);
                admitted.set(ok);
                return ok.tokens();
            }, deadline);
        } catch (ConnectRefused r) {
            events.refused(tenant, ConnectPath.CALLBACK, r);
            throw new Authorization.Refused(r.reason().httpStatus(), r.getMessage(), r.advice());
        } catch (InvalidGrantException e) {
            throw new Authorization.Refused(400, "Constant Contact refused the authorization code (codes expire after 5 minutes"
                    + " and work once), so nothing was connected.", Authorization.MINT_AGAIN);
        } catch (OAuthException e) {
            if (e.retryable()) {
                throw new Authorization.Refused(503, "Constant Contact's authorization server did not answer usably ("
                        + e.error() + "), so nothing was connected.", "Try again in a few minutes with a new link.");
            }
            throw new Authorization.Refused(502, "Constant Contact refused the code exchange (" + e.error() + ").",
                    "Check that the client id and secret stored for this deployment match the Constant Contact application.");
        } catch (TokenUnavailableException e) {
            throw new Authorization.Refused(503, "The connection could not be stored: " + e.getMessage(), "Try again with a new link.");
        }
        ConnectGuard.Admitted ok = admitted.get();
        events.connected(new ConnectEvents.Connection(tenant, ConnectPath.CALLBACK, generation, ok.account(), ok.previousAccount()));
        return new Connected(tenant, generation, name(ok.account()), ok.account());
    }

    static String name(ConnectedAccount a) {
        return a.organizationName().isBlank() ? a.encodedAccountId() : a.organizationName();
    }

    /**
     * A code works once, so only a failure that certainly was not processed (429, 5xx with an answer) is
     * retried, twice at most, spaced beyond the token endpoint's 1 request/s limit.
     */
    private io.ccheadless.core.oauth.TokenSet exchange(Authorization.Accepted a, Instant now) {
        // 'now' is read before any retry wait, so expiries computed from it err on the early side.
        for (int attempt = 1; ; attempt++) {
            try {
                return endpoint.exchangeCode(a.code(), a.pending().redirectUri().toString(),
                        a.pending().codeVerifier().reveal(), now);
            } catch (OAuthException e) {
                if (!e.retryable() || e.ambiguous() || e.status() == 0 || attempt >= 3) {
                    throw e;
                }
                try {
                    sleeper.sleep(java.time.Duration.ofMillis(1100));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
