package io.ccheadless.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.obs.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The scheduled SyncFunction: parse the event, run one {@code ScheduledSync} for its tenant with the
 * invocation's deadline, answer a summary. Every failure is one log line and one exception message that
 * say what to fix; nothing here touches tokens directly.
 */
public final class SyncHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<CcHeadless> app;
    private final Clock clock;
    private final Log log;

    /** Called by the Lambda runtime: reads the environment once, on the first invocation of the container. */
    public SyncHandler() {
        this(CcHeadless.lazyFromEnvironment("sync"), Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "sync"));
    }

    public SyncHandler(Supplier<CcHeadless> app, Clock clock, Log log) {
        this.app = Objects.requireNonNull(app, "app");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String invocation = context == null ? "local" : context.getAwsRequestId();
        long remainingMs = context == null ? 300_000 : context.getRemainingTimeInMillis();
        try {
            CcHeadless cc = app.get();
            SyncRequest request = SyncRequest.parse(input.readAllBytes(), cc.settings().defaultTenant());
            Instant deadline = clock.instant().plusMillis(remainingMs);
            SyncReport r = cc.scheduledSync().run(request.tenant(), deadline);
            log.info("sync finished", "invocation", invocation, "tenant", r.tenant(), "outcome", r.outcome().name(),
                    "campaigns_seen", r.campaignsSeen(), "campaigns_written", r.campaignsWritten(), "newly_sent", r.newlySent(),
                    "events_uncertain", r.eventsUncertain(), "events_deferred", r.eventsDeferred(),
                    "cc_requests", r.ccRequests(), "throttled", r.throttled(), "duration_ms", r.duration().toMillis(),
                    "detail", r.detail());
            ObjectNode out = JSON.createObjectNode();
            out.put("tenant", r.tenant());
            out.put("outcome", r.outcome().name());
            out.put("campaigns_seen", r.campaignsSeen());
            out.put("campaigns_written", r.campaignsWritten());
            out.put("newly_sent", r.newlySent());
            out.put("cc_requests", r.ccRequests());
            out.put("duration_ms", r.duration().toMillis());
            output.write(JSON.writeValueAsBytes(out));
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("sync failed", "invocation", invocation, "error", message);
            throw new SyncFailedException(message);
        }
    }

    /** The message Lambda reports as errorMessage: one line naming what failed and what to do. */
    public static final class SyncFailedException extends RuntimeException {
        public SyncFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
