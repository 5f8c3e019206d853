package io.ccheadless.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.tenants.FanOut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DispatchFunction, on the hourly schedule: one sync request on the sync queue for every connected, ACTIVE tenant
 * of the registry. Tenants left out (REAUTH_REQUIRED) are named in the log line; the event itself is ignored.
 */
public final class DispatchHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FanOut fanOut;
    private final RuntimeException initFailure;
    private final Log log;
    /** Held for the CRaC context, which may reference it weakly. */
    private final Priming priming;

    /** Called by the Lambda runtime, once per container. */
    public DispatchHandler() {
        this(FunctionStart.fromEnvironment("dispatch"));
    }

    public DispatchHandler(FunctionStart start) {
        this(start.take(c -> c.bean(FanOut.class)), start.failure(), Log.to(System.out, Clock.systemUTC(), "dispatch"),
                start);
    }

    public DispatchHandler(FanOut fanOut, Log log) {
        this(Objects.requireNonNull(fanOut, "fanOut"), null, log, null);
    }

    private DispatchHandler(FanOut fanOut, RuntimeException initFailure, Log log, FunctionStart start) {
        this.fanOut = fanOut;
        this.initFailure = initFailure;
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Warmup w = new Warmup(c);
            Map<String, Priming.Step> steps = new LinkedHashMap<>();
            steps.put("classes", w.ourClasses());
            steps.put("registry_scan", w.registryScan());
            steps.put("sync_queue", w.syncQueue());
            steps.put("json", () -> JSON.writeValueAsBytes(answer(new FanOut.Result(List.of(), List.of(Warmup.NO_TENANT)))));
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
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            FanOut.Result r = fanOut.run();
            log.info("sync fan-out", "invocation", invocation, "enqueued", r.enqueued().size(),
                    "skipped", String.join(",", r.skipped()));
            output.write(JSON.writeValueAsBytes(answer(r)));
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("sync fan-out failed", "invocation", invocation, "error", message);
            throw new SyncHandler.SyncFailedException(message);
        }
    }

    private static ObjectNode answer(FanOut.Result r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("enqueued", r.enqueued().size());
        r.skipped().forEach(out.putArray("skipped")::add);
        return out;
    }
}
