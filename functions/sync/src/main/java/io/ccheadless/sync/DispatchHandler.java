package io.ccheadless.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.tenants.FanOut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
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

    /** Called by the Lambda runtime, once per container. */
    public DispatchHandler() {
        this(FunctionStart.fromEnvironment("dispatch"));
    }

    public DispatchHandler(FunctionStart start) {
        this(start.take(c -> c.bean(FanOut.class)), start.failure(), Log.to(System.out, Clock.systemUTC(), "dispatch"));
    }

    public DispatchHandler(FanOut fanOut, Log log) {
        this(Objects.requireNonNull(fanOut, "fanOut"), null, log);
    }

    private DispatchHandler(FanOut fanOut, RuntimeException initFailure, Log log) {
        this.fanOut = fanOut;
        this.initFailure = initFailure;
        this.log = Objects.requireNonNull(log, "log");
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
            ObjectNode out = JSON.createObjectNode();
            out.put("enqueued", r.enqueued().size());
            r.skipped().forEach(out.putArray("skipped")::add);
            output.write(JSON.writeValueAsBytes(out));
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("sync fan-out failed", "invocation", invocation, "error", message);
            throw new SyncHandler.SyncFailedException(message);
        }
    }
}
