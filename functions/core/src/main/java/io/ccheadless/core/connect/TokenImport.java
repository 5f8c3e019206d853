package io.ccheadless.core.connect;

import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.InvalidGrantException;
import io.ccheadless.core.oauth.OAuthException;
import io.ccheadless.core.oauth.TokenEndpoint;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connecting a tenant with a token set somebody already generated (docs/token-lifecycle.md, "Connecting"):
 * <ol>
 *   <li>the access token is checked at CC: the account it reaches and its user's privileges ({@link ConnectGuard}),
 *       before anything is redeemed;</li>
 *   <li>under the tenant's lease ({@link TokenService#connect}, the one lease and write protocol), the account is
 *       compared with the tenant's, then the imported refresh token is redeemed once and CC's answer stored as
 *       generation N+1 of a new chain, one vault call after CC answered.</li>
 * </ol>
 * With rotating refresh tokens that redemption kills the imported one, so this service holds the only live copy;
 * with long-lived ones the imported token keeps working for whoever else has it, and the answer says so. Every
 * failure is a {@link ConnectRefused} and stores nothing.
 */
public final class TokenImport {
    /** The pause before the one retry of a redemption whose answer was lost (inside any reuse grace window). */
    static final Duration AMBIGUOUS_RETRY = Duration.ofMillis(200);

    private final TokenService tokens;
    private final TokenEndpoint endpoint;
    private final ConnectGuard guard;
    private final ConnectEvents events;
    private final Clock clock;
    private final Sleeper sleeper;

    public TokenImport(TokenService tokens, TokenEndpoint endpoint, ConnectGuard guard, ConnectEvents events, Clock clock,
                       Sleeper sleeper) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * @param previousAccount the account the tenant was connected to before ({@code null} if none was recorded)
     * @param rotated         whether CC issued a new refresh token, so the imported one is now dead
     */
    public record Imported(String tenant, long generation, ConnectedAccount account, String previousAccount,
                           boolean rotated) {
        public boolean accountChanged() {
            return previousAccount != null && !previousAccount.equals(account.encodedAccountId());
        }
    }

    /**
     * @param client how the imported chain's refreshes authenticate: {@link ClientType#PUBLIC} when its tokens were
     *               issued without the client secret (device flow, PKCE only)
     */
    public Imported run(String tenant, ImportedTokens in, ClientType client, boolean allowAccountChange, Instant deadline) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(client, "client");
        try {
            Imported done = connect(tenant, in, client, allowAccountChange, deadline);
            events.connected(new ConnectEvents.Connection(tenant, ConnectPath.IMPORT, done.generation(), done.account(),
                    done.previousAccount()));
            return done;
        } catch (ConnectRefused r) {
            events.refused(tenant, ConnectPath.IMPORT, r);
            throw r;
        }
    }

    private Imported connect(String tenant, ImportedTokens in, ClientType client, boolean allowAccountChange,
                             Instant deadline) {
        // Before the lease and before any redemption: a wrong or unprivileged token set costs nothing.
        ConnectedAccount account = guard.verify(tenant, ConnectPath.IMPORT, in.accessToken(), deadline);
        AtomicReference<String> previous = new AtomicReference<>();
        AtomicReference<TokenSet> redeemed = new AtomicReference<>();
        long generation;
        try {
            generation = tokens.connect(tenant, now -> {
                previous.set(guard.requireSameAccount(tenant, ConnectPath.IMPORT, account, allowAccountChange));
                TokenSet issued = redeem(tenant, asStored(in, client, now), now);
                redeemed.set(issued);
                return issued.withAccount(account.encodedAccountId());
            }, deadline);
        } catch (InvalidGrantException e) {
            throw new ConnectRefused(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, "Constant Contact refused the refresh"
                    + " token (invalid_grant: already used, as a rotating token is by every refresh, revoked, unused for"
                    + " 180 days, or issued to another application), so nothing was stored.", ConnectGuard.again(tenant,
                    ConnectPath.IMPORT));
        } catch (OAuthException e) {
            if (e.retryable()) {
                throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "Constant Contact's authorization server did not"
                        + " answer usably (" + e.error() + "), so nothing was stored" + (e.ambiguous() ? "; it may have"
                        + " redeemed the refresh token, in which case a retry is refused and the set is spent" : "") + ".",
                        "Try again in a few minutes: " + ConnectGuard.command(tenant, ConnectPath.IMPORT));
            }
            throw new ConnectRefused(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, "Constant Contact refused to redeem the"
                    + " refresh token (" + e.error() + "), so nothing was stored.", "Check that the tokens were issued to"
                    + " this deployment's Constant Contact application (CLIENT_SECRET_ID) and, for tokens issued without the"
                    + " client secret (device flow), pass --public-client.");
        } catch (TokenUnavailableException e) {
            throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "The connection could not be stored: "
                    + e.getMessage(), "Try again: " + ConnectGuard.command(tenant, ConnectPath.IMPORT));
        }
        boolean rotated = !redeemed.get().refreshToken().equals(in.refreshToken());
        return new Imported(tenant, generation, account, previous.get(), rotated);
    }

    /** One redemption; an answer that was lost is asked again once, promptly, with the same token. */
    private TokenSet redeem(String tenant, TokenSet imported, Instant now) {
        try {
            return endpoint.refresh(imported, now);
        } catch (OAuthException e) {
            if (!e.ambiguous()) {
                throw e;
            }
            try {
                sleeper.sleep(AMBIGUOUS_RETRY);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
            try {
                return endpoint.refresh(imported, clock.instant());
            } catch (InvalidGrantException spent) {
                throw new ConnectRefused(ConnectRefused.Reason.REFRESH_TOKEN_REFUSED, "Constant Contact's answer to the"
                        + " redemption was lost, and the retry was refused (invalid_grant): CC redeemed the refresh token,"
                        + " so it is spent and nothing was stored.", "Generate a fresh token set and run "
                        + ConnectGuard.command(tenant, ConnectPath.IMPORT));
            }
        }
    }

    /** The imported set in the shape the token endpoint redeems; it is never stored itself. */
    private static TokenSet asStored(ImportedTokens in, ClientType client, Instant now) {
        Instant expires = in.accessTokenExpiresAt() != null && in.accessTokenExpiresAt().isAfter(now)
                ? in.accessTokenExpiresAt() : now.plusSeconds(1);
        return new TokenSet(in.accessToken(), in.refreshToken(), expires, "", now, now, client);
    }
}
