package io.ccheadless.sandbox.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.ccheadless.sandbox.ConsentMode;
import io.ccheadless.sandbox.RefreshRedemption;
import io.ccheadless.sandbox.RefreshTokenMode;
import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxCounters;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.faults.BodyFault;
import io.ccheadless.sandbox.faults.FaultRule;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Request;
import io.ccheadless.sandbox.http.Response;
import io.ccheadless.sandbox.http.Route;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The control API under {@code /sandbox}: JSON in, JSON out, no authentication (the sandbox listens on loopback
 * only). Each route calls one {@link SandboxControl} method; bad input gets 400 {@code {"error": "..."}}.
 */
public final class ControlApi {
    public static final String BASE_PATH = "/sandbox";

    private final SandboxControl control;
    private final SandboxCounters counters;
    private final SandboxClock clock;
    private final String clientId;
    private final Json json;

    public ControlApi(SandboxControl control, SandboxCounters counters, SandboxClock clock, String clientId, Json json) {
        this.control = Objects.requireNonNull(control, "control");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.json = Objects.requireNonNull(json, "json");
    }

    public List<Route> routes() {
        return List.of(
                route("GET", "/state", b -> ok(state())),
                route("POST", "/clock/advance", b -> ok(Map.of("now", control.advanceClock(duration(b)).toString()))),
                route("POST", "/clock/set", b -> ok(Map.of("now", control.setClock(instant(b, "instant")).toString()))),
                route("POST", "/consent", b -> {
                    control.setConsent(ConsentMode.valueOf(text(b, "mode").toUpperCase(Locale.ROOT)));
                    return ok(state());
                }),
                route("POST", "/refresh-mode", b -> {
                    control.setRefreshMode(RefreshTokenMode.valueOf(text(b, "mode").toUpperCase(Locale.ROOT)),
                            Duration.ofSeconds(b.path("grace_seconds").asLong(0)));
                    return ok(state());
                }),
                route("POST", "/redirect-uris", b -> {
                    control.registerRedirectUri(text(b, "uri"));
                    return Response.noContent();
                }),
                route("POST", "/revoke", b -> ok(Map.of("revoked_chains",
                        control.revokeRefreshTokens(b.path("client_id").asText(clientId))))),
                route("POST", "/device/approve", b -> decided(control.approveDevice(text(b, "user_code")))),
                route("POST", "/device/deny", b -> decided(control.denyDevice(text(b, "user_code")))),
                route("POST", "/campaigns", this::createCampaign),
                route("POST", "/campaigns/generate", b -> {
                    control.generateCampaigns(b.path("count").asInt(-1), b.path("seed").asLong(1),
                            Duration.ofDays(b.path("span_days").asLong(90)));
                    return ok(Map.of("campaigns", control.campaignCount()));
                }),
                new Route("POST", BASE_PATH + "/campaigns/{campaign_id}/send", SandboxRoutes.CONTROL, false,
                        guarded(r -> {
                            JsonNode b = body(r);
                            String id = r.pathParam("campaign_id");
                            if (b.has("at")) {
                                control.scheduleCampaign(id, instant(b, "at"));
                            } else {
                                control.sendCampaign(id);
                            }
                            return Response.noContent();
                        })),
                new Route("DELETE", BASE_PATH + "/campaigns/{campaign_id}", SandboxRoutes.CONTROL, false,
                        guarded(r -> {
                            control.removeCampaign(r.pathParam("campaign_id"));
                            return Response.noContent();
                        })),
                route("GET", "/counters", b -> ok(counters())),
                route("POST", "/counters/reset", b -> {
                    counters.reset();
                    return Response.noContent();
                }),
                new Route("PUT", BASE_PATH + "/faults/{route}", SandboxRoutes.CONTROL, false, guarded(r -> {
                    control.injectFault(r.pathParam("route"), faultRule(body(r)));
                    return Response.noContent();
                })),
                new Route("DELETE", BASE_PATH + "/faults/{route}", SandboxRoutes.CONTROL, false, guarded(r -> {
                    control.clearFault(r.pathParam("route"));
                    return Response.noContent();
                })),
                route("DELETE", "/faults", b -> {
                    control.clearFaults();
                    return Response.noContent();
                }));
    }

    private Route route(String method, String path, Function<JsonNode, Response> f) {
        return new Route(method, BASE_PATH + path, SandboxRoutes.CONTROL, false, guarded(r -> f.apply(body(r))));
    }

    private io.ccheadless.sandbox.http.Handler guarded(Function<Request, Response> f) {
        return r -> {
            try {
                return f.apply(r);
            } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
                return json.response(400, Map.of("error", String.valueOf(e.getMessage())));
            }
        };
    }

    private JsonNode body(Request r) {
        if (r.body().length == 0) {
            return json.mapper().createObjectNode();
        }
        try {
            JsonNode n = json.tree(r.body());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
    }

    private Response ok(Object body) {
        return json.response(200, body);
    }

    private Response decided(boolean ok) {
        return ok ? Response.noContent()
                : json.response(404, Map.of("error", "no pending device authorization has this user_code"));
    }

    private Response createCampaign(JsonNode b) {
        String id = control.createCampaign(text(b, "name"));
        if (b.has("send_at")) {
            control.scheduleCampaign(id, instant(b, "send_at"));
        } else if (b.path("send").asBoolean(false)) {
            control.sendCampaign(id);
        }
        return json.response(201, Map.of("campaign_id", id));
    }

    private Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("now", clock.now().toString());
        s.put("client_id", clientId);
        s.put("consent", control.consentMode().name());
        s.put("refresh_mode", control.refreshMode().name());
        s.put("campaigns", control.campaignCount());
        s.put("faults", control.faultRoutes());
        return s;
    }

    private Map<String, Object> counters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("refresh_redemptions", counters.refreshRedemptions());
        c.put("successful_refreshes", counters.successfulRefreshes());
        c.put("invalid_grants", counters.invalidGrants());
        c.put("total_api_requests", counters.totalApiRequests());
        c.put("requests_by_route", counters.requestsByRoute());
        c.put("redemptions", counters.redemptions().stream().map(ControlApi::redemption).toList());
        return c;
    }

    private static Map<String, Object> redemption(RefreshRedemption r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token_fingerprint", r.tokenFingerprint());
        m.put("generation", r.generation());
        m.put("issued_generation", r.issuedGeneration());
        m.put("outcome", r.outcome().name());
        m.put("detail", r.detail());
        m.put("client_id", r.clientId());
        m.put("at", r.at().toString());
        return m;
    }

    static FaultRule faultRule(JsonNode b) {
        return new FaultRule(b.path("error_rate").asDouble(0), b.path("error_status").asInt(503),
                Duration.ofMillis(b.path("latency_ms").asLong(0)),
                BodyFault.valueOf(b.path("body").asText("NONE").toUpperCase(Locale.ROOT)),
                b.path("drop_after_processing").asBoolean(false), b.path("times").asInt(-1));
    }

    private static String text(JsonNode b, String field) {
        String v = b.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v;
    }

    private static Instant instant(JsonNode b, String field) {
        return Instant.parse(text(b, field));
    }

    private static Duration duration(JsonNode b) {
        if (b.has("seconds")) {
            return Duration.ofSeconds(b.path("seconds").asLong());
        }
        if (b.has("duration")) {
            return Duration.parse(b.path("duration").asText());
        }
        throw new IllegalArgumentException("give 'seconds' or an ISO-8601 'duration' such as PT1H");
    }
}
