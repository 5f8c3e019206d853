package io.ccheadless.callback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.ccheadless.aws.http.HttpApiJson;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.connect.CallbackFlow;
import io.ccheadless.core.oauth.Authorization;
import io.ccheadless.core.obs.Log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth CallbackFunction (API Gateway HTTP API, GET /oauth/callback): hands the query to the core's
 * {@link CallbackFlow} and answers a small HTML page. Refusals are 4xx pages that say what to do; a failure on
 * our side (5xx) is a generic page with the invocation id, its detail only in the log. No code, state or token
 * is ever echoed or logged. A state that is not what we mint is refused before any AWS call
 * ({@link Authorization#MINTED_STATE}).
 */
public final class CallbackHandler implements RequestStreamHandler {
    /** An HTTP API event of the callback's route, for priming the event reader. */
    static final String PRIMING_EVENT = "{\"version\": \"2.0\", \"rawPath\": \"/oauth/callback\", \"queryStringParameters\": {},"
            + " \"requestContext\": {\"http\": {\"method\": \"GET\", \"path\": \"/oauth/callback\"}}, \"isBase64Encoded\": false}";

    private final CallbackFlow callback;
    private final RuntimeException initFailure;
    private final Clock clock;
    private final Log log;
    private final Priming priming;

    /** Called by the Lambda runtime, once per container: builds and primes everything the callback needs. */
    public CallbackHandler() {
        this(FunctionStart.fromEnvironment("callback"));
    }

    public CallbackHandler(FunctionStart start) {
        this(start.take(c -> c.bean(CallbackFlow.class)), start.failure(), Clock.systemUTC(),
                Log.to(System.out, Clock.systemUTC(), "callback"), start);
    }

    public CallbackHandler(CallbackFlow callback, Clock clock, Log log) {
        this(Objects.requireNonNull(callback, "callback"), null, clock, log, null);
    }

    private CallbackHandler(CallbackFlow callback, RuntimeException initFailure, Clock clock, Log log, FunctionStart start) {
        this.callback = callback;
        this.initFailure = initFailure;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Map<String, Priming.Step> steps = new Warmup(c).callback();
            steps.put("json", () -> {
                HttpApiJson.read(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)));
                HttpApiJson.write(respond(400, Pages.refused(400, "priming", null)), OutputStream.nullOutputStream());
            });
            return steps;
        });
    }

    /** The priming hook registered for SnapStart (null for a handler built from collaborators). */
    public Priming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPResponse answer;
        try {
            answer = handle(HttpApiJson.read(input), context);
        } catch (HttpApiJson.BadEventException e) {
            log.warn("callback refused", "status", 400, "reason", e.getMessage());
            answer = respond(400, Pages.refused(400, "This is not a request cc-headless can answer.", null));
        }
        HttpApiJson.write(answer, output);
    }

    /** The callback for one HTTP API request. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        String invocation = context == null ? "local" : context.getAwsRequestId();
        long remainingMs = context == null ? 30_000 : context.getRemainingTimeInMillis();
        Map<String, String> query = event == null || event.getQueryStringParameters() == null
                ? Map.of() : new HashMap<>(event.getQueryStringParameters());
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            CallbackFlow.Connected c = callback.complete(query, clock.instant().plusMillis(remainingMs));
            log.info("tenant connected", "invocation", invocation, "tenant", c.tenant(), "generation", c.generation());
            return respond(200, Pages.connected(c.tenant(), c.accountName(), c.generation()));
        } catch (Authorization.Refused r) {
            if (r.status() >= 500) {
                // The detail can name secrets, roles or AWS errors: it goes to the log, the page says only what to do.
                log.error("callback failed", "invocation", invocation, "status", r.status(), "reason", r.getMessage());
                return respond(r.status(), Pages.failed(r.status(), invocation));
            }
            log.warn("callback refused", "invocation", invocation, "status", r.status(), "reason", r.getMessage());
            return respond(r.status(), Pages.refused(r.status(), r.getMessage(), r.advice()));
        } catch (RuntimeException e) {
            log.error("callback failed", "invocation", invocation, "status", 500, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return respond(500, Pages.failed(500, invocation));
        }
    }

    private static APIGatewayV2HTTPResponse respond(int status, String html) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(Pages.HEADERS).withBody(html).build();
    }
}
