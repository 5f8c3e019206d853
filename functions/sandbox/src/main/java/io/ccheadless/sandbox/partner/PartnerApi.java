package io.ccheadless.sandbox.partner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.api.ApiCall;
import io.ccheadless.sandbox.api.ApiErrors;
import io.ccheadless.sandbox.api.ApiGateway;
import io.ccheadless.sandbox.api.Links;
import io.ccheadless.sandbox.api.V3Api;
import io.ccheadless.sandbox.auth.AccessClaims;
import io.ccheadless.sandbox.auth.Scopes;
import io.ccheadless.sandbox.data.Account;
import io.ccheadless.sandbox.data.SandboxAccounts;
import io.ccheadless.sandbox.http.Handler;
import io.ccheadless.sandbox.http.Html;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import io.ccheadless.sandbox.http.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The technology-partner endpoints: {@code GET /v3/partner/accounts} and the pass-through
 * {@code POST /v3/partner/accounts/{encoded_account_id}/account_operations/sync}. Both need a partner JWT and
 * {@code x-api-key} (the app's API key, i.e. its client id): no JWT → 401, wrong or missing key → 403
 * {@code {"message":"Forbidden"}} as AWS API Gateway answers; then the partner limits (10/s, 250,000/day) → 429.
 */
public final class PartnerApi {
    record SiteOwner(String encodedAccountId, long subscriberCount, String organizationName, String siteOwnerName,
                     String billingStatus) {
    }

    record AccountsPage(List<SiteOwner> siteOwnerList, @JsonProperty("_links") Links links) {
    }

    private final ApiGateway gateway;
    private final V3Api api;
    private final SandboxAccounts accounts;
    private final SandboxClock clock;
    private final String apiKey;
    private final Json json;

    public PartnerApi(ApiGateway gateway, V3Api api, SandboxAccounts accounts, SandboxClock clock, String apiKey,
                      Json json) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.api = Objects.requireNonNull(api, "api");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.json = Objects.requireNonNull(json, "json");
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v3/partner/accounts", SandboxRoutes.PARTNER_ACCOUNTS, true, partner(this::accounts)),
                new Route("POST", "/v3/partner/accounts/{encoded_account_id}/account_operations/sync",
                        SandboxRoutes.PARTNER_SYNC, true, partner(this::sync)));
    }

    private interface PartnerHandler {
        Response handle(Request request, AccessClaims partner);
    }

    private Handler partner(PartnerHandler h) {
        return request -> {
            Optional<AccessClaims> claims = gateway.claims(request).filter(AccessClaims::partner);
            if (claims.isEmpty()) {
                return ApiErrors.unauthorized();
            }
            if (!apiKey.equals(request.header("x-api-key").orElse(""))) {
                return Response.json(403, "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
            }
            Optional<Response> limited = gateway.admitPartner(apiKey, clock.now());
            if (limited.isPresent()) {
                return limited.get();
            }
            return h.handle(request, claims.get());
        };
    }

    private Response accounts(Request request, AccessClaims partner) {
        Params q = request.query();
        int limit = q.first("limit").flatMap(PartnerApi::integer).filter(l -> l >= 10 && l <= 50).orElse(50);
        int offset = q.first("offset").flatMap(PartnerApi::decodeOffset).orElse(0);
        String type = q.first("account_type").orElse("all").toLowerCase(Locale.ROOT);
        if (!List.of("all", "managed", "unmanaged").contains(type)) {
            return ApiErrors.badRequest("account_type must be all, managed or unmanaged.");
        }
        List<SandboxAccounts.PartnerChild> matching = accounts.partnerChildren().stream()
                .filter(c -> type.equals("all") || c.managed() == type.equals("managed")).toList();
        List<SiteOwner> page = matching.stream().skip(offset).limit(limit)
                .map(c -> new SiteOwner(c.encodedAccountId(), c.subscriberCount(), c.organizationName(),
                        c.siteOwnerName(), c.billingStatus())).toList();
        Links links = null;
        if (offset + limit < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("offset", encodeOffset(offset + limit));
            next.put("limit", Integer.toString(limit));
            if (!type.equals("all")) {
                next.put("account_type", type);
            }
            links = Links.next(Html.withQuery("/v3/partner/accounts", next).replace("%2A", "*"));
        }
        return json.response(200, new AccountsPage(page, links));
    }

    /** Offsets look like CC's {@code MTA*}: base64 of the number with '=' written as '*'. */
    static String encodeOffset(int offset) {
        return Base64.getEncoder().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.US_ASCII))
                .replace('=', '*');
    }

    static Optional<Integer> decodeOffset(String raw) {
        try {
            return integer(new String(Base64.getDecoder().decode(raw.replace('*', '=')), StandardCharsets.US_ASCII))
                    .filter(i -> i >= 0);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> integer(String s) {
        try {
            return Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Response sync(Request request, AccessClaims partner) {
        String accountId = request.pathParam("encoded_account_id");
        Optional<SandboxAccounts.PartnerChild> child = accounts.partnerChild(accountId);
        if (child.isEmpty()) {
            return ApiErrors.notFound("partner.account.not_found", "No client account has this encoded_account_id.");
        }
        if (!child.get().managed()) {
            return ApiErrors.forbidden("Account operations are available for managed client accounts only.");
        }
        JsonNode body;
        try {
            body = json.tree(request.body());
        } catch (IOException e) {
            return ApiErrors.badRequest("The request body is not valid JSON.");
        }
        String url = body == null ? "" : body.path("account_operation_url").asText("");
        String method = body == null ? "" : body.path("account_operation_method").asText("").toUpperCase(Locale.ROOT);
        if (url.isEmpty() || method.isEmpty()) {
            return ApiErrors.badRequest("account_operation_url and account_operation_method are required.");
        }
        for (JsonNode p : body.path("account_operation_path_parameters")) {
            url = url.replace("{" + p.path("path_param_key").asText() + "}", Html.enc(p.path("path_param_value").asText()));
        }
        if (url.startsWith(V3Api.BASE_PATH + "/")) {
            url = url.substring(V3Api.BASE_PATH.length());
        }
        Optional<V3Api.Matched> op = api.match(method, url);
        if (op.isEmpty()) {
            return ApiErrors.notFound("partner.operation.not_found", "The sandbox does not serve " + method + " " + url + ".");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode q : body.path("account_operation_query_parameters")) {
            query.put(q.path("query_param_key").asText(), q.path("query_param_value").asText());
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (JsonNode h : body.path("account_operation_headers")) {
            headers.put(h.path("header_key").asText().toLowerCase(Locale.ROOT), List.of(h.path("header_value").asText()));
        }
        byte[] payload = body.path("account_operation_payload").asText("").getBytes(StandardCharsets.UTF_8);
        Request inner = new Request(method, V3Api.BASE_PATH + url,
                Params.parse(Html.withQuery("", query).replaceFirst("^\\?", "")), headers, payload,
                op.get().pathParams());
        Instant now = clock.now();
        Account account = accounts.find(accountId, now).orElseThrow();
        AccessClaims onBehalf = new AccessClaims(partner.clientId(), partner.subject(), accountId,
                Scopes.USER_SCOPES,
                partner.issuedAt(), partner.expiresAt(), true);
        return op.get().operation().handler().handle(new ApiCall(inner, onBehalf, account, now));
    }
}
