package io.ccheadless.core.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A technology partner's calls to CC (docs/cc-api.md §7): the partner JWT by client credentials, cached in the
 * container until 5 minutes before its one-hour life ends and shared by every managed account; discovery of the managed
 * accounts ({@code GET /v3/partner/accounts?account_type=managed}, paged by the server's offsets); and the pass-through
 * ({@code POST /v3/partner/accounts/{encoded_account_id}/account_operations/sync}) that runs a V3 GET for one of them.
 * Every call sends {@code x-api-key} (the application's API key). The JWT is a {@link Secret}: never in a message.
 * Give it {@link HttpExchange}s governed by the API key's rate governor.
 */
public final class PartnerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final HttpExchange tokenHttp;
    private final URI tokenUrl;
    private final HttpExchange apiHttp;
    private final String apiBase;
    private final Supplier<ClientCredentials> partner;
    private final Supplier<String> apiKey;
    private final Clock clock;
    private Secret jwt;
    private Instant jwtRefreshAt = Instant.EPOCH;
    private int tokensFetched;

    /** A managed client account, as discovery lists it. */
    public record ManagedAccount(String encodedAccountId, String organizationName) {
        public ManagedAccount {
            Objects.requireNonNull(encodedAccountId, "encodedAccountId");
        }
    }

    /**
     * @param tokenUrl e.g. {@code https://authz.constantcontact.com/partners/oauth2/default/v1/token}
     * @param apiBase  e.g. {@code https://api.cc.email}
     */
    public PartnerClient(HttpExchange tokenHttp, URI tokenUrl, HttpExchange apiHttp, URI apiBase,
                         Supplier<ClientCredentials> partner, Supplier<String> apiKey, Clock clock) {
        this.tokenHttp = Objects.requireNonNull(tokenHttp, "tokenHttp");
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.apiHttp = Objects.requireNonNull(apiHttp, "apiHttp");
        this.apiBase = Objects.requireNonNull(apiBase, "apiBase").toString().replaceAll("/+$", "");
        this.partner = Objects.requireNonNull(partner, "partner");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Partner JWTs fetched so far by this container. */
    public synchronized int tokensFetched() {
        return tokensFetched;
    }

    /** Every managed client account, following the server's paging. */
    public List<ManagedAccount> managedAccounts() {
        List<ManagedAccount> out = new ArrayList<>();
        String next = "/v3/partner/accounts?account_type=managed&limit=50";
        for (int page = 0; next != null; page++) {
            if (page > 10_000 || !next.startsWith("/v3/partner/accounts")) {
                throw new PartnerException("partner accounts: refusing to follow " + (page > 10_000 ? "an endless paging" : "a link elsewhere"), 0);
            }
            JsonNode body = call("GET", next, null);
            for (JsonNode a : body.path("site_owner_list")) {
                if (a.hasNonNull("encoded_account_id")) {
                    out.add(new ManagedAccount(a.get("encoded_account_id").asText(), a.path("organization_name").asText("")));
                }
            }
            JsonNode href = body.path("_links").path("next").path("href");
            next = href.isTextual() ? href.asText() : null;
        }
        return out;
    }

    /** A V3 GET for one managed account through the pass-through: the inner endpoint's own answer. */
    public JsonNode get(String encodedAccountId, String v3Path, Map<String, String> query) {
        if (!v3Path.startsWith("/")) {
            throw new IllegalArgumentException("v3Path must start with '/', e.g. /emails");
        }
        ObjectNode op = JSON.createObjectNode();
        op.put("account_operation_url", v3Path);
        op.put("account_operation_method", "GET");
        var params = op.putArray("account_operation_query_parameters");
        query.forEach((k, v) -> params.addObject().put("query_param_key", k).put("query_param_value", v));
        return call("POST", "/v3/partner/accounts/" + URLEncoder.encode(encodedAccountId, StandardCharsets.UTF_8)
                + "/account_operations/sync", op.toString());
    }

    private JsonNode call(String method, String path, String body) {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + token().reveal());
            headers.put("x-api-key", apiKey.get());
            headers.put("Accept", "application/json");
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            HttpExchange.Response r = apiHttp.send(method, URI.create(apiBase + path), headers, body);
            if (r.status() == 401 && attempt == 1) {
                forgetToken();   // expired or revoked early: one fresh token, one retry
                continue;
            }
            if (!r.ok()) {
                throw new PartnerException(method + " " + pathOnly(path) + " answered " + r.status(), r.status());
            }
            try {
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new PartnerException(method + " " + pathOnly(path) + " answered a body that is not JSON", r.status());
            }
        }
    }

    synchronized Secret token() {
        Instant now = clock.instant();
        if (jwt != null && now.isBefore(jwtRefreshAt)) {
            return jwt;
        }
        ClientCredentials c = partner.get();
        String basic = Base64.getEncoder().encodeToString((c.clientId() + ":" + c.clientSecret().reveal())
                .getBytes(StandardCharsets.UTF_8));
        HttpExchange.Response r = tokenHttp.send("POST", tokenUrl, Map.of("Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                "grant_type=client_credentials");
        if (!r.ok()) {
            throw new PartnerException("partner token endpoint answered " + r.status(), r.status());
        }
        JsonNode n;
        try {
            n = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new PartnerException("partner token endpoint answered a body that is not JSON", r.status());
        }
        if (n == null || !n.path("access_token").isTextual() || n.path("access_token").asText().isBlank()) {
            throw new PartnerException("partner token endpoint answered no access_token", r.status());
        }
        long seconds = n.path("expires_in").asLong(3600);
        seconds = seconds <= 0 || seconds > 3600 ? 3600 : seconds;   // CC documents one hour; absent or odd reads as that
        Duration life = Duration.ofSeconds(seconds);
        Duration before = REFRESH_BEFORE.compareTo(life.dividedBy(2)) < 0 ? REFRESH_BEFORE : life.dividedBy(2);
        jwt = Secret.of(n.get("access_token").asText());
        jwtRefreshAt = now.plus(life).minus(before);
        tokensFetched++;
        return jwt;
    }

    private synchronized void forgetToken() {
        jwt = null;
        jwtRefreshAt = Instant.EPOCH;
    }

    private static String pathOnly(String p) {
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    /** A partner call CC refused or answered unusably; the message never holds a token or a body. */
    public static final class PartnerException extends RuntimeException {
        private final int status;

        public PartnerException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** 429, 5xx and transport trouble: the same call may succeed later. */
        public boolean retryable() {
            return status == 429 || status >= 500 || status == 0;
        }
    }
}
