package io.ccheadless.token;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.aws.config.Tenants;
import io.ccheadless.aws.http.HttpApiJson;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.access.TenantAccess;
import io.ccheadless.core.json.Json;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.core.token.ConnectionReport;
import io.ccheadless.core.token.StoreUnavailableException;
import io.ccheadless.core.token.TokenService;
import io.ccheadless.core.token.TokenUnavailableException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * IAM-only routes on the internal API, so other services stay stateless:
 * <ul>
 *   <li>{@code GET /tenants/{tenant}/token} → {@code {"access_token", "token_type", "expires_at"}} — never the refresh token;
 *       through the same read path (and, if needed, the same lease) as every other caller;</li>
 *   <li>{@code GET /tenants/{tenant}/status} → status, generation, expiry, refresh-token age, last outcome; no secret.</li>
 * </ul>
 * API Gateway enforces AWS_IAM; the handler also refuses a request that carries no IAM identity, and answers 403
 * unless the calling principal holds a grant for the tenant ({@link TenantAccess}, managed with {@code cch access};
 * default deny). The grant is checked before the tenant's pointer is read, so a refusal does not tell whether
 * the tenant exists.
 */
public final class TokenApiHandler implements RequestStreamHandler {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    private final TokenService tokens;
    private final TenantAccess access;
    private final RuntimeException initFailure;
    private final Clock clock;
    private final Log log;
    private final Priming priming;

    /** Called by the Lambda runtime, once per container: builds and primes everything the token API needs. */
    public TokenApiHandler() {
        this(FunctionStart.fromEnvironment("token-api"));
    }

    public TokenApiHandler(FunctionStart start) {
        this(start.take(c -> c.bean(TokenService.class)), start.take(c -> c.bean(TenantAccess.class)), start.failure(),
                Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "token-api"), start);
    }

    public TokenApiHandler(TokenService tokens, TenantAccess access, Clock clock, Log log) {
        this(Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(access, "access"), null, clock, log, null);
    }

    private TokenApiHandler(TokenService tokens, TenantAccess access, RuntimeException initFailure, Clock clock, Log log,
                            FunctionStart start) {
        this.tokens = tokens;
        this.access = access;
        this.initFailure = initFailure;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Warmup w = new Warmup(c);
            Map<String, Priming.Step> steps = w.tokenPath();
            steps.put("json", () -> handleRequest(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)),
                    OutputStream.nullOutputStream(), null));
            return steps;
        });
    }

    /** The priming hook registered for SnapStart (null for a handler built from collaborators). */
    public Priming priming() {
        return priming;
    }

    /** A request without an IAM identity: refused (403) before anything is read; the answer's JSON is written. */
    static final String PRIMING_EVENT = "{\"version\": \"2.0\", \"rawPath\": \"/tenants/" + Warmup.NO_TENANT + "/status\","
            + " \"pathParameters\": {\"tenant\": \"" + Warmup.NO_TENANT + "\"}, \"requestContext\": {\"http\":"
            + " {\"method\": \"GET\", \"path\": \"/tenants/" + Warmup.NO_TENANT + "/status\"}}, \"isBase64Encoded\": false}";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPResponse answer;
        try {
            answer = handle(HttpApiJson.read(input), context);
        } catch (HttpApiJson.BadEventException e) {
            answer = error(400, "bad_request", e.getMessage(), null);
        }
        HttpApiJson.write(answer, output);
    }

    /** The answer to one HTTP API request. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        long remainingMs = context == null ? 10_000 : context.getRemainingTimeInMillis();
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null) {
            return error(400, "bad_request", "not an API Gateway HTTP API request", null);
        }
        if (event.getRequestContext().getAuthorizer() == null || event.getRequestContext().getAuthorizer().getIam() == null) {
            return error(403, "forbidden", "this API accepts only IAM-signed (SigV4) requests", null);
        }
        String tenant = event.getPathParameters() == null ? null : event.getPathParameters().get("tenant");
        if (!Tenants.valid(tenant)) {
            return error(400, "bad_request", "path parameter 'tenant' must be " + Tenants.RULE, null);
        }
        String path = event.getRequestContext().getHttp().getPath();
        String caller = event.getRequestContext().getAuthorizer().getIam().getUserArn();
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            TenantAccess.Decision d = access.check(caller, tenant);
            if (!d.allowed()) {
                log.warn("token request refused", "tenant", tenant, "caller", String.valueOf(caller), "reason", d.reason());
                return error(403, "forbidden", "this caller may not read tenant '" + tenant + "'", d.reason());
            }
            if (path.endsWith("/token")) {
                AccessGrant g = tokens.accessToken(tenant, clock.instant().plusMillis(remainingMs));
                log.info("access token vended", "tenant", tenant, "generation", g.generation(), "caller", String.valueOf(caller));
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("access_token", g.accessToken().reveal());
                b.put("token_type", "Bearer");
                b.put("expires_at", g.expiresAt().toString());
                return respond(200, b);
            }
            if (path.endsWith("/status")) {
                ConnectionReport r = tokens.report(tenant);
                Instant now = clock.instant();
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("tenant", tenant);
                b.put("status", r.status().name());
                b.put("generation", r.generation());
                b.put("access_token_expires_at", r.accessTokenExpiresAt().toString());
                b.put("refresh_token_age_days", r.refreshTokenAge(now).toDays());
                b.put("last_redeemed_at", r.lastRedeemedAt().toString());
                b.put("last_outcome", r.lastOutcome());
                return respond(200, b);
            }
            return error(404, "not_found", "no such route", null);
        } catch (StoreUnavailableException e) {
            log.error("token request failed", "tenant", tenant, "error", e.getMessage());
            return error(503, "temporarily_unavailable", "the state table cannot be read right now; try again", null);
        } catch (TokenUnavailableException e) {
            log.warn("token request refused", "tenant", tenant, "reason", e.getMessage());
            if (e.retryable()) {
                return error(503, "temporarily_unavailable", e.getMessage(), null);
            }
            if (e instanceof TokenUnavailableException.NotConnected) {
                return error(404, "not_connected", e.getMessage(), e.operatorAction());
            }
            return error(409, "reauth_required", e.getMessage(), e.operatorAction());
        } catch (RuntimeException e) {
            log.error("token request failed", "tenant", tenant, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return error(500, "internal_error", "see the TokenApiFunction log", null);
        }
    }

    private static APIGatewayV2HTTPResponse respond(int status, Map<String, Object> body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(Json.write(body)).build();
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String message, String action) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error", code);
        b.put("message", message);
        if (action != null) {
            b.put("operator_action", action);
        }
        return respond(status, b);
    }
}
