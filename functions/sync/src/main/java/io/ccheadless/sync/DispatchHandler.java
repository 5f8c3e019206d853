package io.ccheadless.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.json.Json;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.partner.PartnerDiscovery;
import io.ccheadless.core.tenants.FanOut;
import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.TenantEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DispatchFunction, on the hourly schedule. On a stack with partner credentials it first discovers the partner's
 * managed accounts and records them as partner tenants (docs/tenants.md); a discovery that fails is logged
 * ({@code partner discovery failed}, with the reason) and the fan-out goes on with the partner tenants the registry
 * already holds. Then one sync request on the sync queue for every syncable tenant of the registry (connected, ACTIVE
 * OAuth tenants; listed partner tenants): the registry is listed once, by discovery when it runs and succeeds (its
 * listing with its changes applied is what the fan-out enqueues), else by the fan-out. Tenants left out are named in the log line; the event itself is ignored.
 */
public final class DispatchHandler implements RequestStreamHandler {
    /** What discovery may not take of the invocation: the fan-out itself needs little, but it must still run. */
    static final Duration FAN_OUT_RESERVE = Duration.ofSeconds(15);

    private final FanOut fanOut;
    private final PartnerDiscovery discovery;
    private final RuntimeException initFailure;
    private final Clock clock;
    private final Log log;
    /** Held for the CRaC context, which may reference it weakly. */
    private final Priming priming;

    /** Called by the Lambda runtime, once per container. */
    public DispatchHandler() {
        this(FunctionStart.fromEnvironment("dispatch"));
    }

    public DispatchHandler(FunctionStart start) {
        this(start.take(c -> c.bean(FanOut.class)),
                start.take(c -> c.bean(Settings.class).hasPartner() ? c.bean(PartnerDiscovery.class) : null),
                start.failure(), Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "dispatch"), start);
    }

    /** OAuth tenants only (no partner credentials). */
    public DispatchHandler(FanOut fanOut, Log log) {
        this(Objects.requireNonNull(fanOut, "fanOut"), null, null, Clock.systemUTC(), log, null);
    }

    /** @param discovery null on a stack without partner credentials */
    public DispatchHandler(FanOut fanOut, PartnerDiscovery discovery, Clock clock, Log log) {
        this(Objects.requireNonNull(fanOut, "fanOut"), discovery, null, clock, log, null);
    }

    private DispatchHandler(FanOut fanOut, PartnerDiscovery discovery, RuntimeException initFailure, Clock clock, Log log,
                            FunctionStart start) {
        this.fanOut = fanOut;
        this.discovery = discovery;
        this.initFailure = initFailure;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Map<String, Priming.Step> steps = new Warmup(c).dispatch();
            steps.put("json", () -> Json.writeBytes(answer(new FanOut.Result(List.of(), List.of(Warmup.NO_TENANT)),
                    new LinkedHashMap<>())));
            return steps;
        });
    }

    /** The priming hook registered for SnapStart (null for a handler built from collaborators). */
    public Priming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String invocation = context == null ? "local" : context.getAwsRequestId();
        long remainingMs = context == null ? 60_000 : context.getRemainingTimeInMillis();
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            Map<String, Object> discovered = null;
            List<TenantEntry> listed = null;   // the registry as discovery listed and changed it: not listed again
            if (discovery != null) {
                discovered = new LinkedHashMap<>();
                PartnerDiscovery.Result d = discover(invocation, clock.instant().plusMillis(remainingMs)
                        .minus(FAN_OUT_RESERVE), discovered);
                listed = d == null ? null : d.tenants();
            }
            FanOut.Result r = listed == null ? fanOut.run() : fanOut.run(listed);
            log.info("sync fan-out", "invocation", invocation, "enqueued", r.enqueued().size(),
                    "skipped", String.join(",", r.skipped()));
            output.write(Json.writeBytes(answer(r, discovered)));
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("sync fan-out failed", "invocation", invocation, "error", message);
            throw new SyncHandler.SyncFailedException(message);
        }
    }

    /** @param discovered discovery's summary, or null when the stack has no partner credentials */
    private static Map<String, Object> answer(FanOut.Result r, Map<String, Object> discovered) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (discovered != null) {
            out.put("partner_discovery", discovered);
        }
        out.put("enqueued", r.enqueued().size());
        out.put("skipped", r.skipped());
        return out;
    }

    /**
     * Discovery, its summary put in {@code d} for the answer. A failure is logged and answered, and the fan-out goes
     * on: answers null then, and the fan-out lists the registry itself (a discovery failing midway may have written
     * part of its changes).
     */
    private PartnerDiscovery.Result discover(String invocation, Instant deadline, Map<String, Object> d) {
        try {
            PartnerDiscovery.Result r = discovery.run(deadline);
            log.info("partner discovery", "invocation", invocation, "listed", r.listed(), "added", r.added(),
                    "unlisted", r.unlisted(), "changed", r.changes().size(),
                    "unlisted_tenants", String.join(",", r.changes().stream().filter(l -> !l.listed())
                            .map(PartnerListing::tenant).toList()),
                    "refused", r.refused().size());
            d.put("outcome", "COMPLETED");
            d.put("listed", r.listed());
            d.put("added", r.added());
            d.put("unlisted", r.unlisted());
            d.put("refused", r.refused().size());
            return r;
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("partner discovery failed", "invocation", invocation, "error", message);
            d.put("outcome", "FAILED");
            d.put("error", message);
            return null;
        }
    }
}
