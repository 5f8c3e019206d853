package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.RefreshRedemption;
import io.ccheadless.sandbox.RedemptionOutcome;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.faults.FaultInjector;
import io.ccheadless.sandbox.http.Handler;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Params;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import io.ccheadless.sandbox.limits.RateLimiter;
import io.ccheadless.sandbox.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /oauth2/default/v1/token}: parameters from the form body or the query string, client
 * authentication, the per-client rate limit, then the grant. Every refresh attempt is recorded in the metrics.
 */
public final class TokenEndpoint implements Handler {
    public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final ClientRegistry clients;
    private final CodeGrant codeGrant;
    private final RefreshGrant refreshGrant;
    private final DeviceGrant deviceGrant;
    private final Optional<RateLimiter> limiter;
    private final boolean retryAfter;
    private final SandboxClock clock;
    private final Metrics metrics;
    private final Json json;

    public TokenEndpoint(ClientRegistry clients, CodeGrant codeGrant, RefreshGrant refreshGrant, DeviceGrant deviceGrant,
                         Optional<RateLimiter> limiter, boolean retryAfter, SandboxClock clock, Metrics metrics, Json json) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.codeGrant = Objects.requireNonNull(codeGrant, "codeGrant");
        this.refreshGrant = Objects.requireNonNull(refreshGrant, "refreshGrant");
        this.deviceGrant = Objects.requireNonNull(deviceGrant, "deviceGrant");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.retryAfter = retryAfter;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public Response handle(Request request) {
        Instant now = clock.now();
        Params params = request.formOrQuery();
        String grantType = params.first("grant_type").orElse("");
        ClientAuthentication auth = ClientAuthentication.of(request, params, clients);
        String key = auth.claimedClientId().isEmpty() ? "-" : auth.claimedClientId();
        if (limiter.isPresent() && !limiter.get().tryAcquire(key, now)) {
            if (grantType.equals("refresh_token")) {
                metrics.redemption(new RefreshRedemption(Fingerprints.of(params.first("refresh_token").orElse("")), 0, 0,
                        RedemptionOutcome.RATE_LIMITED, "token endpoint rate limit (1 request/s)", auth.claimedClientId(), now));
            }
            Response r = Response.json(429, OktaErrors.RATE_LIMITED.getBytes(StandardCharsets.UTF_8));
            return retryAfter ? r.withHeader("Retry-After", Long.toString(Math.max(1,
                    limiter.get().retryAfter(key, now).toSeconds()))) : r;
        }
        Optional<ApplicationFlow> flow = auth.client().map(RegisteredClient::flow);
        if (flow.isPresent() && !flow.get().allows(grantType) && ApplicationFlow.ANY.allows(grantType)) {
            return error(OAuthError.unauthorizedClient(flow.get()));
        }
        TokenResult result = switch (grantType) {
            case "authorization_code" -> codeGrant.exchange(params, auth, now);
            case "refresh_token" -> refresh(params, auth, now);
            case DEVICE_GRANT -> deviceGrant.poll(params, auth, now);
            case "" -> TokenResult.failed(OAuthError.invalidRequest("The 'grant_type' parameter is required."));
            default -> TokenResult.failed(OAuthError.unsupportedGrantType());
        };
        return switch (result) {
            case TokenResult.Issued ok -> json.response(200, ok.body())
                    .withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
            case TokenResult.Failed f -> error(f.error());
        };
    }

    private TokenResult refresh(Params params, ClientAuthentication auth, Instant now) {
        RefreshGrant.Outcome o = refreshGrant.redeem(params, auth, now);
        RefreshRedemption r = o.redemption();
        if (r.outcome() == RedemptionOutcome.SUCCEEDED && FaultInjector.responseWillBeDropped()) {
            r = new RefreshRedemption(r.tokenFingerprint(), r.generation(), r.issuedGeneration(),
                    RedemptionOutcome.SUCCEEDED_RESPONSE_DROPPED, r.detail() + "; response dropped by fault", r.clientId(),
                    r.at());
        }
        metrics.redemption(r);
        return o.result();
    }

    /** Records a refresh attempt that an injected fault answered before this endpoint saw it. */
    public void recordInjectedFault(Request request) {
        Params params = request.formOrQuery();
        if (params.first("grant_type").orElse("").equals("refresh_token")) {
            metrics.redemption(new RefreshRedemption(Fingerprints.of(params.first("refresh_token").orElse("")), 0, 0,
                    RedemptionOutcome.FAULT_INJECTED, "answered by an injected fault",
                    ClientAuthentication.of(request, params, clients).claimedClientId(), clock.now()));
        }
    }

    private Response error(OAuthError e) {
        return json.response(e.status(), e.body()).withHeader("Cache-Control", "no-store");
    }
}
