package io.ccheadless.token;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Tenants;
import io.ccheadless.aws.obs.EmfMetrics;
import io.ccheadless.core.token.ConnectionReport;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.obs.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The scheduled keep-alive: refreshes a tenant's chain when it has been idle for KEEP_ALIVE_MAX_IDLE_DAYS
 * (default 3) even if no sync ran, and publishes the connection's health as metrics every run
 * (ConnectionHealthy 1/0, RefreshTokenIdleDays, RefreshTokenAgeDays) — the alarms watch those.
 */
public final class KeepAliveHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<CcHeadless> app;
    private final Clock clock;
    private final Log log;

    public KeepAliveHandler() {
        this(CcHeadless.lazyFromEnvironment("keep-alive"), Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "keep-alive"));
    }

    public KeepAliveHandler(Supplier<CcHeadless> app, Clock clock, Log log) {
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long remainingMs = context == null ? 60_000 : context.getRemainingTimeInMillis();
        EmfMetrics metrics = new EmfMetrics(log::raw, clock);
        String tenant = null;
        try {
            CcHeadless cc = app.get();
            tenant = tenant(input.readAllBytes(), cc.settings().defaultTenant());
            Duration maxIdle = Duration.ofDays(Integer.parseInt(System.getenv().getOrDefault("KEEP_ALIVE_MAX_IDLE_DAYS", "3")));
            KeepAlive.Result r = cc.keepAlive(maxIdle).run(tenant, clock.instant().plusMillis(remainingMs));
            ConnectionReport c = r.report();
            Instant now = clock.instant();
            metrics.put(tenant, "ConnectionHealthy", c.status() == ConnectionStatus.ACTIVE ? 1 : 0, "Count");
            metrics.put(tenant, "RefreshTokenIdleDays", c.idle(now).toMinutes() / 1440.0, "Count");
            metrics.put(tenant, "RefreshTokenAgeDays", c.refreshTokenAge(now).toDays(), "Count");
            log.info("keep-alive", "tenant", tenant, "status", c.status(), "generation", c.generation(), "refreshed", r.refreshed(),
                    "idle_hours", c.idle(now).toHours());
            ObjectNode out = JSON.createObjectNode();
            out.put("tenant", tenant);
            out.put("status", c.status().name());
            out.put("generation", c.generation());
            out.put("refreshed", r.refreshed());
            out.put("idle_hours", c.idle(now).toHours());
            output.write(JSON.writeValueAsBytes(out));
        } catch (RuntimeException e) {
            if (tenant != null) {
                metrics.put(tenant, "ConnectionHealthy", 0, "Count");
            }
            String message = e instanceof TokenUnavailableException t && t.operatorAction() != null
                    ? t.getMessage() + " — " + t.operatorAction() : e.getMessage();
            log.error("keep-alive failed", "tenant", String.valueOf(tenant), "error", message);
            throw new KeepAliveFailedException(message);
        }
    }

    private static String tenant(byte[] event, String dflt) {
        JsonNode n;
        try {
            n = event.length == 0 ? JSON.createObjectNode() : JSON.readTree(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed keep-alive event: not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("malformed keep-alive event: expected {\"tenant\": \"…\"}");
        }
        JsonNode t = n.get("tenant");
        if (t == null || t.isNull()) {
            return dflt;
        }
        if (!t.isTextual() || !Tenants.valid(t.asText())) {
            throw new IllegalArgumentException("malformed keep-alive event: 'tenant' must be " + Tenants.RULE);
        }
        return t.asText();
    }

    public static final class KeepAliveFailedException extends RuntimeException {
        public KeepAliveFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
