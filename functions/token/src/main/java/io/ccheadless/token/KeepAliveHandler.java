package io.ccheadless.token;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.config.Tenants;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.aws.obs.EmfMetrics;
import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.core.tenants.TenantRegistry;
import io.ccheadless.core.token.ConnectionReport;
import io.ccheadless.core.token.ConnectionStatus;
import io.ccheadless.core.token.KeepAlive;
import io.ccheadless.core.token.TokenUnavailableException;
import io.ccheadless.core.obs.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduled keep-alive: refreshes a tenant's chain when it has been idle for KEEP_ALIVE_MAX_IDLE_DAYS
 * (default 3) even if no sync ran, and publishes the connection's health as metrics every run
 * (ConnectionHealthy 1/0, RefreshTokenIdleDays, RefreshTokenAgeDays, KeepAliveSucceeded) — the alarms watch those.
 * The schedule's {@code {"tenants": "all"}} covers every tenant of the registry, the longest-idle first, each on its
 * own (one tenant's failure is logged and counted as KeepAliveFailed, the others go on) until 10 s before the
 * deadline; partner tenants are skipped (no chain: the partner JWT comes by client credentials) and counted in the
 * answer as {@code partner_tenants_skipped}. Every failure of the invocation itself, including one before the tenant is known (init, configuration, a
 * malformed event), emits KeepAliveFailed without a tenant dimension and fails the invocation, so
 * KeepAliveFailedAlarm fires and KeepAliveSilentAlarm sees no success (template.yaml; README runbook).
 */
public final class KeepAliveHandler implements RequestStreamHandler {
    static final java.time.Duration RESERVE = java.time.Duration.ofSeconds(10);
    private final KeepAlive keepAlive;
    private final TenantRegistry registry;
    private final String defaultTenant;
    private final RuntimeException initFailure;
    private final Clock clock;
    private final Log log;
    private final Priming priming;

    /** Called by the Lambda runtime, once per container: builds and primes everything the keep-alive needs. */
    public KeepAliveHandler() {
        this(FunctionStart.fromEnvironment("keep-alive"));
    }

    public KeepAliveHandler(FunctionStart start) {
        this(start.take(c -> c.bean(KeepAlive.class)), start.take(c -> c.bean(TenantRegistry.class)),
                start.take(c -> c.bean(Settings.class).defaultTenant()),
                start.failure(), Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "keep-alive"), start);
    }

    public KeepAliveHandler(KeepAlive keepAlive, TenantRegistry registry, String defaultTenant, Clock clock, Log log) {
        this(Objects.requireNonNull(keepAlive, "keepAlive"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(defaultTenant, "defaultTenant"), null, clock, log, null);
    }

    /** {@code keepAlive} carries KEEP_ALIVE_MAX_IDLE_DAYS (settings, read once per container). */
    public KeepAliveHandler(KeepAlive keepAlive, String defaultTenant, Clock clock, Log log) {
        this(Objects.requireNonNull(keepAlive, "keepAlive"), List::of, Objects.requireNonNull(defaultTenant, "defaultTenant"),
                null, clock, log, null);
    }

    private KeepAliveHandler(KeepAlive keepAlive, TenantRegistry registry, String defaultTenant, RuntimeException initFailure,
                             Clock clock, Log log, FunctionStart start) {
        this.keepAlive = keepAlive;
        this.registry = registry;
        this.defaultTenant = defaultTenant;
        this.initFailure = initFailure;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Warmup w = new Warmup(c);
            Map<String, Priming.Step> steps = w.tokenPath();
            steps.put("json", () -> {
                tenant("{\"tenant\": \"default\"}".getBytes(StandardCharsets.UTF_8), "default");
                everyTenant("{\"tenants\": \"all\"}".getBytes(StandardCharsets.UTF_8));
                Json.writeBytes(Map.of("tenant", Warmup.NO_TENANT, "refreshed", false));
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
        long remainingMs = context == null ? 60_000 : context.getRemainingTimeInMillis();
        EmfMetrics metrics = new EmfMetrics(log::raw, clock);
        String tenant = null;
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            byte[] event = input.readAllBytes();
            Instant deadline = clock.instant().plusMillis(remainingMs);
            if (everyTenant(event)) {
                output.write(Json.writeBytes(everyTenant(deadline, metrics)));
                return;
            }
            tenant = tenant(event, defaultTenant);
            output.write(Json.writeBytes(one(tenant, deadline, metrics)));
        } catch (RuntimeException e) {
            if (tenant != null) {
                metrics.put(tenant, "ConnectionHealthy", 0, "Count");
            }
            metrics.putUntenanted("KeepAliveFailed", 1, "Count");
            String message = describe(e);
            log.error("keep-alive failed", "tenant", String.valueOf(tenant), "error", message);
            throw new KeepAliveFailedException(message);
        }
    }

    /** Every tenant of the registry, the longest-idle first; one answer counting what happened. */
    private Map<String, Object> everyTenant(Instant deadline, EmfMetrics metrics) {
        List<TenantEntry> all = registry.list();
        // a partner tenant has no refresh-token chain (the partner JWT is fetched by client credentials): nothing to keep alive
        long partners = all.stream().filter(t -> t.kind() == TenantKind.PARTNER).count();
        List<TenantEntry> tenants = new ArrayList<>(all.stream().filter(t -> t.kind() == TenantKind.OAUTH && t.generation() > 0)
                .toList());
        tenants.sort(Comparator.comparing(TenantEntry::refreshTokenIssuedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        int checked = 0;
        int refreshed = 0;
        List<String> failed = new ArrayList<>();
        for (TenantEntry t : tenants) {
            if (clock.instant().plus(RESERVE).isAfter(deadline)) {
                break;
            }
            try {
                refreshed += Boolean.TRUE.equals(one(t.tenant(), deadline, metrics).get("refreshed")) ? 1 : 0;
            } catch (RuntimeException e) {
                metrics.put(t.tenant(), "ConnectionHealthy", 0, "Count");
                metrics.put(t.tenant(), "KeepAliveFailed", 1, "Count");
                log.error("keep-alive failed", "tenant", t.tenant(), "error", describe(e));
                failed.add(t.tenant());
            }
            checked++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenants", tenants.size());
        out.put("checked", checked);
        out.put("refreshed", refreshed);
        out.put("partner_tenants_skipped", partners);
        out.put("failed", failed);
        log.info("keep-alive of every tenant", "tenants", tenants.size(), "checked", checked, "refreshed", refreshed,
                "failed", String.join(",", failed), "partner_tenants_skipped", partners,
                "partner_tenants", partners == 0 ? "none" : "skipped: no refresh-token chain to keep alive");
        if (checked < tenants.size()) {
            log.warn("keep-alive ran out of time", "unchecked", tenants.size() - checked);
        }
        return out;
    }

    private String describe(RuntimeException e) {
        return e instanceof TokenUnavailableException t && t.operatorAction() != null
                ? t.getMessage() + " — " + t.operatorAction() : e.getMessage();
    }

    private Map<String, Object> one(String tenant, Instant deadline, EmfMetrics metrics) {
        KeepAlive.Result r = keepAlive.run(tenant, deadline);
        ConnectionReport c = r.report();
        Instant now = clock.instant();
        metrics.put(tenant, "ConnectionHealthy", c.status() == ConnectionStatus.ACTIVE ? 1 : 0, "Count");
        metrics.put(tenant, "RefreshTokenIdleDays", c.idle(now).toMinutes() / 1440.0, "Count");
        metrics.put(tenant, "RefreshTokenAgeDays", c.refreshTokenAge(now).toDays(), "Count");
        metrics.put(tenant, "KeepAliveSucceeded", 1, "Count");
        log.info("keep-alive", "tenant", tenant, "status", c.status(), "generation", c.generation(), "refreshed", r.refreshed(),
                "idle_hours", c.idle(now).toHours());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("status", c.status().name());
        out.put("generation", c.generation());
        out.put("refreshed", r.refreshed());
        out.put("idle_hours", c.idle(now).toHours());
        return out;
    }

    /** {@code {"tenants": "all"}}: the schedule's event for every tenant. */
    private static boolean everyTenant(byte[] event) {
        try {
            Map<String, Object> n = event.length == 0 ? null : Json.object(event);
            return n != null && "all".equals(n.get("tenants"));
        } catch (MalformedJsonException e) {
            return false;   // tenant() names what is wrong with it
        }
    }

    private static String tenant(byte[] event, String dflt) {
        Map<String, Object> n;
        try {
            n = event.length == 0 ? Map.of() : Json.object(event);
        } catch (MalformedJsonException e) {
            throw new BadEventException("malformed keep-alive event: not JSON");
        }
        if (n == null) {
            throw new BadEventException("malformed keep-alive event: expected {\"tenant\": \"…\"}");
        }
        Object t = n.get("tenant");
        if (t == null) {
            return dflt;
        }
        if (t instanceof String s && TenantKind.of(s) == TenantKind.PARTNER) {
            throw new BadEventException("keep-alive: " + s + " is a partner tenant, which has no refresh-token"
                    + " chain to keep alive");
        }
        if (!(t instanceof String s) || !Tenants.valid(s)) {
            throw new BadEventException("malformed keep-alive event: 'tenant' must be " + Tenants.RULE);
        }
        return s;
    }

    /** The event itself is wrong: retrying it cannot help. */
    public static final class BadEventException extends RuntimeException {
        public BadEventException(String message) {
            super(message);
        }
    }

    public static final class KeepAliveFailedException extends RuntimeException {
        public KeepAliveFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
