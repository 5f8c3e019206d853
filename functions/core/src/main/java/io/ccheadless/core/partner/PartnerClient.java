package io.ccheadless.core.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.CcApiClient;
import io.ccheadless.core.api.CcTransport;
import io.ccheadless.core.api.RequestBudget;
import io.ccheadless.core.api.UnusableResponseException;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.token.AccessGrant;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A technology partner's calls to CC (docs/cc-api.md §7, docs/tenants.md): the partner JWT by client credentials,
 * cached in the container until 5 minutes before its one-hour life ends and shared by every managed account; discovery
 * of the managed accounts ({@code GET /v3/partner/accounts?account_type=managed}, paged by the server's offsets); and
 * {@link CcApiClient}s whose V3 GETs for one managed account go through the pass-through
 * ({@code POST /v3/partner/accounts/{encoded_account_id}/account_operations/sync}), so the campaign sync runs over it
 * unchanged. Every partner call sends {@code x-api-key}. The listing and the pass-through are {@link CcApiClient}
 * requests (permits of the partner key's governor, retries, Retry-After, the deadline, unusable bodies retried); the
 * token call has its own few retries. The JWT is a {@link Secret}; errors carry a status and never a body or token.
 */
public final class PartnerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    static final String FIRST_ACCOUNTS_PAGE = "/v3/partner/accounts?account_type=managed&limit=50";
    static final int TOKEN_ATTEMPTS = 4;
    static final Duration TOKEN_FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration TOKEN_MAX_WAIT = Duration.ofSeconds(30);
    static final int MAX_ACCOUNT_PAGES = 10_000;

    private final HttpExchange tokenHttp;
    private final URI tokenUrl;
    private final CcApi api;
    private final Supplier<PartnerCredentials> credentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private Secret jwt;
    private Instant jwtExpiresAt = Instant.EPOCH;
    private Instant jwtRefreshAt = Instant.EPOCH;
    private int tokensFetched;

    /** A managed client account, as discovery lists it. */
    public record ManagedAccount(String encodedAccountId, String organizationName) {
        public ManagedAccount {
            Objects.requireNonNull(encodedAccountId, "encodedAccountId");
            Objects.requireNonNull(organizationName, "organizationName");
        }
    }

    /**
     * @param tokenUrl e.g. {@code https://authz.constantcontact.com/partners/oauth2/default/v1/token}
     * @param api      the partner key's: its HTTP client governed by the partner key's rate governor
     */
    public PartnerClient(HttpExchange tokenHttp, URI tokenUrl, CcApi api, Supplier<PartnerCredentials> credentials,
                         Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.tokenHttp = Objects.requireNonNull(tokenHttp, "tokenHttp");
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.api = Objects.requireNonNull(api, "api");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Partner JWTs fetched so far by this container. */
    public synchronized int tokensFetched() {
        return tokensFetched;
    }

    /** Forgets the cached JWT (before a SnapStart snapshot); the next call fetches one. */
    public synchronized void forgetToken() {
        jwt = null;
        jwtRefreshAt = Instant.EPOCH;
    }

    /** Whether a JWT is cached (the snapshot test asserts none is after priming). */
    public synchronized boolean holdsToken() {
        return jwt != null;
    }

    /**
     * Every managed client account, following the server's paging: the whole listing or an exception, never part of
     * it. A page without its {@code site_owner_list}, or whose next link is not a string, is unusable (retried, then
     * a {@code CcApiException}); a next link elsewhere than the listing, or one already followed, is refused.
     */
    public List<ManagedAccount> managedAccounts(Instant deadline) {
        Map<String, ManagedAccount> out = new LinkedHashMap<>();
        Set<String> followed = new HashSet<>();
        try (CcApiClient c = api.client(accessTokens(deadline), deadline, RequestBudget.UNLIMITED, discovery())) {
            for (String next = FIRST_ACCOUNTS_PAGE; next != null; ) {
                if (!next.startsWith("/v3/partner/accounts?") && !next.equals("/v3/partner/accounts")) {
                    throw new PartnerException("partner accounts: refusing to follow a next link outside the listing", 0, false);
                }
                if (!followed.add(next) || followed.size() > MAX_ACCOUNT_PAGES) {
                    throw new PartnerException("partner accounts: the paging does not end (a next link repeats)", 0, false);
                }
                AccountsPage page = c.get(next, PartnerClient::accountsPage);
                page.accounts().forEach(a -> out.putIfAbsent(a.encodedAccountId(), a));   // offsets may shift: each once
                next = page.next();
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * A client whose V3 GETs ({@code /v3/emails}, the reports, …) read one managed account through the pass-through,
     * with the partner JWT: what the campaign sync runs over for a partner tenant. Close it after the run.
     */
    public CcApiClient client(String encodedAccountId, Instant deadline) {
        return api.client(accessTokens(deadline), deadline, RequestBudget.UNLIMITED, passThrough(encodedAccountId));
    }

    private record AccountsPage(List<ManagedAccount> accounts, String next) {
    }

    private static AccountsPage accountsPage(JsonNode body) {
        if (!body.isObject() || !body.path("site_owner_list").isArray()) {
            throw new UnusableResponseException("the partner accounts page has no site_owner_list");
        }
        List<ManagedAccount> accounts = new ArrayList<>();
        for (JsonNode a : body.get("site_owner_list")) {
            JsonNode id = a.path("encoded_account_id");
            if (id.isTextual() && !id.asText().isBlank()) {
                accounts.add(new ManagedAccount(id.asText(), a.path("organization_name").asText("")));
            }
        }
        JsonNode href = body.path("_links").path("next").path("href");
        if (!href.isMissingNode() && !href.isNull() && !(href.isTextual() && !href.asText().isBlank())) {
            throw new UnusableResponseException("the partner accounts page's next link is not a path");
        }
        return new AccountsPage(accounts, href.isTextual() ? href.asText() : null);
    }

    /** The partner JWT as {@link AccessTokens}: a 401 to generation g drops it and fetches the next one. */
    private AccessTokens accessTokens(Instant deadline) {
        return new AccessTokens() {
            @Override
            public AccessGrant current() {
                return grant(deadline);
            }

            @Override
            public AccessGrant afterRejection(long generation) {
                synchronized (PartnerClient.this) {
                    if (tokensFetched == generation) {
                        forgetToken();   // expired or revoked early: one fresh token, one retry
                    }
                }
                return grant(deadline);
            }
        };
    }

    private synchronized AccessGrant grant(Instant deadline) {
        Secret token = token(deadline);
        return new AccessGrant(token, jwtExpiresAt, tokensFetched);
    }

    /** The listing: a GET with the partner JWT and {@code x-api-key}. */
    private CcTransport discovery() {
        return (http, base, pathAndQuery, bearer) -> http.send("GET", URI.create(base + pathAndQuery),
                partnerHeaders(bearer, false), null);
    }

    /** The pass-through for one account: the V3 GET's path (without {@code /v3}) and its query as the body's fields. */
    CcTransport passThrough(String encodedAccountId) {
        String sync = "/v3/partner/accounts/" + URLEncoder.encode(encodedAccountId, StandardCharsets.UTF_8)
                + "/account_operations/sync";
        return (http, base, pathAndQuery, bearer) -> http.send("POST", URI.create(base + sync),
                partnerHeaders(bearer, true), operation(pathAndQuery));
    }

    /** {@code /v3/emails?limit=50&after_date=…} as the pass-through's JSON body. */
    static String operation(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        ObjectNode op = JSON.createObjectNode();
        op.put("account_operation_url", path.startsWith("/v3/") ? path.substring(3) : path);
        op.put("account_operation_method", "GET");
        var params = op.putArray("account_operation_query_parameters");
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                params.addObject().put("query_param_key", percentDecoded(eq < 0 ? pair : pair.substring(0, eq)))
                        .put("query_param_value", eq < 0 ? "" : percentDecoded(pair.substring(eq + 1)));
            }
        }
        return op.toString();
    }

    /** %XX escapes only: a '+' in a cursor is a '+' (the pass-through encodes the query again). */
    static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                b.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private Map<String, String> partnerHeaders(Secret bearer, boolean json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + bearer.reveal());
        headers.put("x-api-key", credentials.get().apiKey().reveal());
        headers.put("Accept", "application/json");
        if (json) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    /**
     * The cached JWT, or a new one: up to {@value #TOKEN_ATTEMPTS} attempts over 429, 5xx, 408, no answer and unusable
     * 200s, waiting what Retry-After asks (else a jittered, doubling backoff), never past {@code deadline}. A refusal
     * of the credentials (401, 400) is not retried.
     */
    synchronized Secret token(Instant deadline) {
        if (jwt != null && clock.instant().isBefore(jwtRefreshAt)) {
            return jwt;
        }
        PartnerCredentials c = credentials.get();
        String basic = Base64.getEncoder().encodeToString((c.clientId() + ":" + c.clientSecret().reveal())
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");
        Duration backoff = TOKEN_FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String problem;
            String retryAfter = null;
            int status = 0;
            try {
                HttpExchange.Response r = tokenHttp.send("POST", tokenUrl, headers, "grant_type=client_credentials");
                status = r.status();
                if (r.ok()) {
                    Secret fresh = accept(r.body(), clock.instant());
                    if (fresh != null) {
                        return fresh;
                    }
                    problem = "an unusable answer (not JSON, or no access_token)";
                } else if (r.status() == 429 || r.status() >= 500 || r.status() == 408) {
                    problem = "HTTP " + r.status();
                    retryAfter = r.retryAfter();
                } else {
                    throw new PartnerException("partner token endpoint answered " + r.status()
                            + (r.status() == 401 ? ": the partner client id or secret is wrong (PARTNER_SECRET_ID)" : ""),
                            r.status(), false);
                }
            } catch (HttpExchange.TransportException e) {
                problem = e.getMessage();   // scheme, host and path only
            }
            if (attempt >= TOKEN_ATTEMPTS) {
                throw new PartnerException("partner token endpoint kept failing: " + problem + " after " + attempt
                        + " attempts", status, true);
            }
            Duration wait = backoff.dividedBy(2).plusMillis(random.nextLong(backoff.toMillis() / 2 + 1));
            Duration told = CcApiClient.retryAfter(retryAfter);
            if (told != null) {
                wait = told.plusMillis(random.nextLong(251));
            }
            if (wait.compareTo(TOKEN_MAX_WAIT) > 0 || clock.instant().plus(wait).isAfter(deadline)) {
                throw new PartnerException("partner token endpoint: " + problem + ", and the deadline is too near to wait "
                        + wait.toSeconds() + " s", status, true);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartnerException("interrupted", 0, true);
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Caches the JWT of a usable token answer and answers it; null when the answer is unusable. */
    private Secret accept(String body, Instant now) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.path("access_token").isTextual() || n.path("access_token").asText().isBlank()) {
            return null;
        }
        long seconds = n.path("expires_in").asLong(3600);
        seconds = seconds <= 0 || seconds > 3600 ? 3600 : seconds;   // CC documents one hour; absent or odd reads as that
        Duration life = Duration.ofSeconds(seconds);
        Duration before = REFRESH_BEFORE.compareTo(life.dividedBy(2)) < 0 ? REFRESH_BEFORE : life.dividedBy(2);
        jwt = Secret.of(n.get("access_token").asText());
        jwtExpiresAt = now.plus(life);
        jwtRefreshAt = jwtExpiresAt.minus(before);
        tokensFetched++;
        return jwt;
    }

    /** A partner call CC refused or answered unusably; the message never holds a token, a credential or a body. */
    public static final class PartnerException extends RuntimeException {
        private final int status;
        private final boolean retryable;

        public PartnerException(String message, int status, boolean retryable) {
            super(message);
            this.status = status;
            this.retryable = retryable;
        }

        /** CC's HTTP status, or 0 when there was none to speak of (no answer, a refused link). */
        public int status() {
            return status;
        }

        /** 429, 5xx, no answer, an unusable answer: the same call may succeed later. */
        public boolean retryable() {
            return retryable;
        }
    }
}
