package io.ccheadless.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.api.BudgetExhaustedException;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcApiException;
import io.ccheadless.core.api.CcTransport;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.token.VaultException;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every connect path makes before a token set is stored (docs/token-lifecycle.md, "Connecting"):
 * which CC account the new access token reaches ({@code /v3/account/summary}), that its user holds the privileges
 * the sync needs ({@code /v3/account/user/privileges}), and that it is the account the tenant was connected to
 * unless a change was asked for. Each failure is a {@link ConnectRefused}; none changes anything.
 */
public final class ConnectGuard {
    /** What the sync calls: {@code /emails*} needs {@code campaign:read}, {@code /reports/*} {@code ui:campaign:metrics}. */
    public static final List<String> REQUIRED_PRIVILEGES = List.of("campaign:read", "ui:campaign:metrics");

    private final CcApi api;
    private final TokenService tokens;

    public ConnectGuard(CcApi api, TokenService tokens) {
        this.api = Objects.requireNonNull(api, "api");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** A token set admitted for storage: stamped with its account, and the account the tenant had before (or null). */
    public record Admitted(TokenSet tokens, ConnectedAccount account, String previousAccount) {
    }

    /**
     * Called inside {@link TokenService#connect}'s exchange, under the lease, with CC's fresh answer: verifies the
     * account and its privileges, refuses an unasked-for account change, and answers the set to store.
     */
    public Admitted admit(String tenant, ConnectPath path, TokenSet fresh, boolean allowChange, Instant deadline) {
        if (!fresh.hasAccessToken()) {
            throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "Constant Contact answered without a usable access"
                    + " token, so the account could not be checked and nothing was connected.", again(tenant, path));
        }
        ConnectedAccount account = verify(tenant, path, fresh.accessToken(), deadline);
        String previous = requireSameAccount(tenant, path, account, allowChange);
        return new Admitted(fresh.withAccount(account.encodedAccountId()), account, previous);
    }

    /** The account {@code accessToken} reaches, once its user is known to hold {@link #REQUIRED_PRIVILEGES}. */
    public ConnectedAccount verify(String tenant, ConnectPath path, Secret accessToken, Instant deadline) {
        return verify(tenant, path, accessToken, deadline, CcTransport.DIRECT);
    }

    /** The same, CC's answers coming over {@code transport} (priming's rehearsal answers from memory: wiring.Warmup). */
    public ConnectedAccount verify(String tenant, ConnectPath path, Secret accessToken, Instant deadline, CcTransport transport) {
        Objects.requireNonNull(accessToken, "accessToken");
        try (CcApiClient cc = api.client(new OneToken(tenant, path, accessToken, deadline), deadline, RequestBudget.UNLIMITED,
                Objects.requireNonNull(transport, "transport"))) {
            JsonNode summary = cc.get("/v3/account/summary");
            String id = summary.path("encoded_account_id").asText("");
            if (id.isBlank()) {
                throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "Constant Contact answered the account summary"
                        + " without an encoded_account_id, so the account could not be identified and nothing was connected.",
                        again(tenant, path));
            }
            ConnectedAccount account = new ConnectedAccount(id, summary.path("organization_name").asText(""));
            JsonNode privileges = cc.get("/v3/account/user/privileges");
            if (!privileges.isArray()) {
                throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "Constant Contact answered the user privileges"
                        + " with something other than a list, so nothing was connected.", again(tenant, path));
            }
            Set<String> held = new HashSet<>();
            privileges.forEach(p -> held.add(p.path("privilege_name").asText("")));
            List<String> missing = REQUIRED_PRIVILEGES.stream().filter(p -> !held.contains(p)).toList();
            if (!missing.isEmpty()) {
                throw new ConnectRefused(ConnectRefused.Reason.MISSING_PRIVILEGE, "The Constant Contact user who authorized"
                        + " account " + account.label() + " lacks the user privilege" + (missing.size() > 1 ? "s " : " ")
                        + String.join(" and ", missing) + " that the campaign sync needs (every sync would fail with 403),"
                        + " so nothing was connected.", "Authorize as the account owner, or ask the owner to give this user a"
                        + " role with " + String.join(" and ", missing) + "; then " + again(tenant, path));
            }
            return account;
        } catch (CcApiException e) {
            if (e.status() == 403) {
                throw new ConnectRefused(ConnectRefused.Reason.MISSING_PRIVILEGE, "Constant Contact refused to show the"
                        + " account (403: the account_read scope or the account:read privilege is missing, or the"
                        + " application is deactivated), so nothing was connected.", again(tenant, path));
            }
            throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "The connected account could not be checked ("
                    + e.getMessage() + "), so nothing was connected.", again(tenant, path));
        } catch (BudgetExhaustedException e) {
            throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "The connected account could not be checked: "
                    + e.getMessage() + "; nothing was connected.", "Try again tomorrow: " + command(tenant, path));
        }
    }

    /**
     * Called under the tenant's lease: the account the tenant was connected to ({@code null} if none is recorded),
     * after refusing {@code account} if it is another one and {@code allowChange} is false.
     */
    public String requireSameAccount(String tenant, ConnectPath path, ConnectedAccount account, boolean allowChange) {
        String previous;
        try {
            Optional<TokenPointer> p = tokens.pointer(tenant);
            previous = p.isPresent() && p.get().connected() ? tokens.report(tenant).account() : null;
        } catch (TokenUnavailableException | StoreUnavailableException | VaultException e) {
            throw new ConnectRefused(ConnectRefused.Reason.UNAVAILABLE, "The account the tenant is connected to could not"
                    + " be read (" + e.getMessage() + "), so nothing was changed.", again(tenant, path));
        }
        if (previous != null && !previous.equals(account.encodedAccountId()) && !allowChange) {
            throw new ConnectRefused(ConnectRefused.Reason.ACCOUNT_CHANGED, "Tenant '" + tenant + "' is connected to"
                    + " Constant Contact account " + previous + ", but this authorization is for account " + account.label()
                    + ", so nothing was changed.", "If the tenant should now sync that account, " + allowChangeCommand(tenant, path)
                    + "; otherwise have the owner of account " + previous + " authorize.");
        }
        return previous;
    }

    static String command(String tenant, ConnectPath path) {
        return switch (path) {
            case CALLBACK -> "cch authorize --tenant " + tenant + " --redirect-uri <CallbackUrl>";
            case DEVICE -> "cch device-authorize --tenant " + tenant;
            case IMPORT -> "cch connect import --tenant " + tenant;
        };
    }

    private static String allowChangeCommand(String tenant, ConnectPath path) {
        return switch (path) {
            case CALLBACK -> "mint a link that allows it: " + command(tenant, path) + " --allow-account-change";
            case DEVICE, IMPORT -> "run " + command(tenant, path) + " --allow-account-change";
        };
    }

    static String again(String tenant, ConnectPath path) {
        return switch (path) {
            case CALLBACK -> "start again with a new link: " + command(tenant, path);
            case DEVICE -> "start again: " + command(tenant, path);
            case IMPORT -> "generate a fresh token set and run " + command(tenant, path);
        };
    }

    /** The one access token being checked: a 401 is the answer, not a reason to refresh. */
    private record OneToken(String tenant, ConnectPath path, Secret token, Instant deadline) implements AccessTokens {
        @Override
        public AccessGrant current() {
            return new AccessGrant(token, deadline, 0);
        }

        @Override
        public AccessGrant afterRejection(long generation) {
            throw new ConnectRefused(ConnectRefused.Reason.ACCESS_TOKEN_REJECTED, "Constant Contact rejected the access"
                    + " token (401: expired, revoked, or not issued by Constant Contact), so nothing was connected.",
                    again(tenant, path));
        }

        @Override
        public String toString() {
            return "OneToken[" + tenant + "]";
        }
    }
}
