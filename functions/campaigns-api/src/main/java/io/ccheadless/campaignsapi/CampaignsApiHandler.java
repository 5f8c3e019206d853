package io.ccheadless.campaignsapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.config.Tenants;
import io.ccheadless.aws.json.CampaignJson;
import io.ccheadless.aws.store.SortableTime;
import io.ccheadless.aws.http.HttpApiJson;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.campaigns.CampaignStore;
import io.ccheadless.core.campaigns.RecentCampaigns;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.StoreUnavailableException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /tenants/{tenant}/campaigns?days=N[&limit=L][&cursor=C]} on the IAM-only internal API (payload 2.0):
 * the tenant's stored campaigns sent in the last N days, newest first, with their stats. One Query on the
 * campaigns table's {@code by_last_sent} index per page; nothing else is read, nothing is written. Bad input is a
 * 400 naming the parameter; a request without an IAM identity is refused even if it got past the gateway, and so
 * is one whose principal holds no grant for the tenant ({@link TenantAccess}, {@code cch access}; default deny).
 */
public final class CampaignsApiHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    private final RecentCampaigns recent;
    private final TenantAccess access;
    private final RuntimeException initFailure;
    private final Log log;
    private final Priming priming;

    /** Called by the Lambda runtime, once per container: builds and primes the campaigns store's reader. */
    public CampaignsApiHandler() {
        this(FunctionStart.fromEnvironment("campaigns-api"));
    }

    public CampaignsApiHandler(FunctionStart start) {
        this(start.take(c -> c.bean(RecentCampaigns.class)), start.take(c -> c.bean(TenantAccess.class)), start.failure(),
                Log.to(System.out, Clock.systemUTC(), "campaigns-api"), start);
    }

    public CampaignsApiHandler(RecentCampaigns recent, TenantAccess access, Log log) {
        this(Objects.requireNonNull(recent, "recent"), Objects.requireNonNull(access, "access"), null, log, null);
    }

    private CampaignsApiHandler(RecentCampaigns recent, TenantAccess access, RuntimeException initFailure, Log log,
                                FunctionStart start) {
        this.recent = recent;
        this.access = access;
        this.initFailure = initFailure;
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Map<String, Priming.Step> steps = new Warmup(c).campaignsApi();
            steps.put("json", () -> {
                handleRequest(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)),
                        OutputStream.nullOutputStream(), null);
                Instant now = c.bean(Clock.class).instant();
                HttpApiJson.write(respond(200, body(new RecentCampaigns.Listing(Warmup.NO_TENANT, 1, now, now,
                        List.of(Warmup.madeUpCampaign(now)), "priming"))), OutputStream.nullOutputStream());
            });
            return steps;
        });
    }

    /** The priming hook registered for SnapStart (null for a handler built from collaborators). */
    public Priming priming() {
        return priming;
    }

    /** A request without an IAM identity: refused (403) before anything is read. */
    static final String PRIMING_EVENT = "{\"version\": \"2.0\", \"rawPath\": \"/tenants/" + Warmup.NO_TENANT + "/campaigns\","
            + " \"pathParameters\": {\"tenant\": \"" + Warmup.NO_TENANT + "\"}, \"queryStringParameters\": {\"days\": \"1\"},"
            + " \"requestContext\": {\"http\": {\"method\": \"GET\", \"path\": \"/tenants/" + Warmup.NO_TENANT
            + "/campaigns\"}}, \"isBase64Encoded\": false}";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPResponse answer;
        try {
            answer = handle(HttpApiJson.read(input), context);
        } catch (HttpApiJson.BadEventException e) {
            answer = error(400, "bad_request", e.getMessage());
        }
        HttpApiJson.write(answer, output);
    }

    /** The answer to one HTTP API request. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        String invocation = context == null ? "local" : context.getAwsRequestId();
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null) {
            return error(400, "bad_request", "not an API Gateway HTTP API request");
        }
        if (!"GET".equals(event.getRequestContext().getHttp().getMethod())) {
            return error(405, "method_not_allowed", "only GET");
        }
        if (event.getRequestContext().getAuthorizer() == null || event.getRequestContext().getAuthorizer().getIam() == null) {
            return error(403, "forbidden", "this API accepts only IAM-signed (SigV4) requests");
        }
        String tenant = event.getPathParameters() == null ? null : event.getPathParameters().get("tenant");
        if (!Tenants.validAny(tenant)) {
            return error(400, "bad_request", "path parameter 'tenant' must be " + Tenants.ANY_RULE);
        }
        Map<String, String> q = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        Integer days = whole(q.get("days"), RecentCampaigns.DEFAULT_DAYS, 1, RecentCampaigns.MAX_DAYS);
        if (days == null) {
            return error(400, "bad_request", "query parameter 'days' must be a whole number from 1 to " + RecentCampaigns.MAX_DAYS);
        }
        Integer limit = whole(q.get("limit"), RecentCampaigns.DEFAULT_LIMIT, 1, RecentCampaigns.MAX_LIMIT);
        if (limit == null) {
            return error(400, "bad_request", "query parameter 'limit' must be a whole number from 1 to " + RecentCampaigns.MAX_LIMIT);
        }
        String caller = String.valueOf(event.getRequestContext().getAuthorizer().getIam().getUserArn());
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            TenantAccess.Decision d = access.check(caller, tenant);
            if (!d.allowed()) {
                log.warn("campaigns request refused", "invocation", invocation, "tenant", tenant, "caller", caller,
                        "reason", d.reason());
                return error(403, "forbidden", "this caller may not read tenant '" + tenant + "': " + d.reason());
            }
            RecentCampaigns.Listing l = recent.list(tenant, days, limit, blankToNull(q.get("cursor")));
            log.info("campaigns listed", "invocation", invocation, "tenant", tenant, "days", days, "count", l.campaigns().size(),
                    "caller", caller);
            return respond(200, body(l));
        } catch (CampaignStore.BadCursorException e) {
            return error(400, "bad_request", "query parameter 'cursor' is not one this API handed out");
        } catch (StoreUnavailableException e) {
            log.error("campaigns listing failed", "invocation", invocation, "tenant", tenant, "error", e.getMessage());
            return error(503, "temporarily_unavailable", "the campaigns table cannot be read right now; try again");
        } catch (RuntimeException e) {
            log.error("campaigns listing failed", "invocation", invocation, "tenant", tenant,
                    "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return error(500, "internal_error", "see the CampaignsApiFunction log, invocation " + invocation);
        }
    }

    static ObjectNode body(RecentCampaigns.Listing l) {
        ObjectNode b = JSON.createObjectNode();
        b.put("tenant", l.tenant());
        b.put("days", l.days());
        b.put("from", SortableTime.format(l.from()));
        b.put("to", SortableTime.format(l.to()));
        b.put("count", l.campaigns().size());
        ArrayNode list = b.putArray("campaigns");
        for (SentCampaign c : l.campaigns()) {
            CampaignJson.write(c, list.addObject());
        }
        if (l.nextCursor() != null) {
            b.put("next_cursor", l.nextCursor());
        }
        return b;
    }

    /** {@code dflt} when absent; null when present but not a whole number within [min, max]. */
    static Integer whole(String raw, int dflt, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            return v >= min && v <= max ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static APIGatewayV2HTTPResponse respond(int status, ObjectNode body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(body.toString()).build();
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        ObjectNode b = JSON.createObjectNode();
        b.put("error", code);
        b.put("message", message);
        return respond(status, b);
    }
}
