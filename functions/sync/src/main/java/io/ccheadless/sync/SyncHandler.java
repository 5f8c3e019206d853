package io.ccheadless.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.wiring.FunctionStart;
import io.ccheadless.aws.wiring.Priming;
import io.ccheadless.aws.wiring.Warmup;
import io.ccheadless.core.campaigns.ScheduledSync;
import io.ccheadless.core.campaigns.SyncReport;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.tenants.TenantSync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SyncFunction: parse the event, run one {@code TenantSync} for its tenant (an OAuth tenant's chain, or a partner
 * tenant's pass-through) with the invocation's deadline,
 * answer a summary. Every failure is one log line and one exception message that say what to fix; nothing here
 * touches tokens directly. From the sync queue (an SQS event, batch size 1), each record is one tenant's sync and a
 * failed one is reported in {@code batchItemFailures}, so SQS retries only it and, after the queue's
 * {@code maxReceiveCount}, moves it to the dead-letter queue without holding the other tenants back.
 */
public final class SyncHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantSync sync;
    private final String defaultTenant;
    private final RuntimeException initFailure;
    private final Clock clock;
    private final Log log;
    private final Priming priming;

    /** Called by the Lambda runtime, once per container: builds and primes everything the sync needs. */
    public SyncHandler() {
        this(FunctionStart.fromEnvironment("sync"));
    }

    /** What the no-argument constructor does, over a given start (the snapshot test starts one from its own environment). */
    public SyncHandler(FunctionStart start) {
        this(start.take(c -> c.bean(TenantSync.class)), start.take(c -> c.bean(Settings.class).defaultTenant()),
                start.failure(), Clock.systemUTC(), Log.to(System.out, Clock.systemUTC(), "sync"),
                start);
    }

    /** OAuth tenants only (a partner tenant's sync is refused: no partner credentials). */
    public SyncHandler(ScheduledSync sync, String defaultTenant, Clock clock, Log log) {
        this(new TenantSync(Objects.requireNonNull(sync, "sync")::run, null), defaultTenant, clock, log);
    }

    /** Every kind of tenant, each by its own path. */
    public SyncHandler(TenantSync sync, String defaultTenant, Clock clock, Log log) {
        this(Objects.requireNonNull(sync, "sync"), Objects.requireNonNull(defaultTenant, "defaultTenant"), null, clock, log, null);
    }

    private SyncHandler(TenantSync sync, String defaultTenant, RuntimeException initFailure, Clock clock, Log log,
                        FunctionStart start) {
        this.sync = sync;
        this.defaultTenant = defaultTenant;
        this.initFailure = initFailure;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.priming = start == null ? null : start.prime(c -> {
            Map<String, Priming.Step> steps = new Warmup(c).sync();
            steps.put("json", this::primeJson);
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
        long remainingMs = context == null ? 300_000 : context.getRemainingTimeInMillis();
        try {
            if (initFailure != null) {
                throw initFailure;
            }
            byte[] event = input.readAllBytes();
            List<QueuedSync> queued = QueuedSync.parse(event);
            if (queued != null) {
                output.write(JSON.writeValueAsBytes(fromQueue(queued, invocation, clock.instant().plusMillis(remainingMs))));
                return;
            }
            SyncRequest request = SyncRequest.parse(event, defaultTenant);
            Instant deadline = clock.instant().plusMillis(remainingMs);
            SyncReport r = sync.run(request.tenant(), deadline);
            log.info("sync finished", "invocation", invocation, "tenant", r.tenant(), "outcome", r.outcome().name(),
                    "campaigns_seen", r.campaignsSeen(), "campaigns_written", r.campaignsWritten(), "newly_sent", r.newlySent(),
                    "events_uncertain", r.eventsUncertain(), "events_deferred", r.eventsDeferred(),
                    "cc_requests", r.ccRequests(), "throttled", r.throttled(), "duration_ms", r.duration().toMillis(),
                    "detail", r.detail());
            output.write(JSON.writeValueAsBytes(answer(r)));
        } catch (RuntimeException e) {
            String message = Failures.describe(e);
            log.error("sync failed", "invocation", invocation, "error", message);
            throw new SyncFailedException(message);
        }
    }

    /** Each record's sync in turn; the answer lists the message ids that failed (partial batch response). */
    private ObjectNode fromQueue(List<QueuedSync> records, String invocation, Instant deadline) {
        ObjectNode out = JSON.createObjectNode();
        var failures = out.putArray("batchItemFailures");
        for (QueuedSync q : records) {
            try {
                SyncRequest request = q.request();
                SyncReport r = sync.run(request.tenant(), deadline);
                log.info("sync finished", "invocation", invocation, "message_id", q.messageId(), "tenant", r.tenant(),
                        "outcome", r.outcome().name(), "campaigns_seen", r.campaignsSeen(),
                        "campaigns_written", r.campaignsWritten(), "newly_sent", r.newlySent(), "cc_requests", r.ccRequests(),
                        "throttled", r.throttled(), "duration_ms", r.duration().toMillis(), "detail", r.detail());
            } catch (RuntimeException e) {
                log.error("sync failed", "invocation", invocation, "message_id", q.messageId(),
                        "tenant", q.tenantOrUnknown(), "receive_count", q.receiveCount(), "error", Failures.describe(e));
                failures.addObject().put("itemIdentifier", q.messageId());
            }
        }
        return out;
    }

    static ObjectNode answer(SyncReport r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("tenant", r.tenant());
        out.put("outcome", r.outcome().name());
        out.put("campaigns_seen", r.campaignsSeen());
        out.put("campaigns_written", r.campaignsWritten());
        out.put("newly_sent", r.newlySent());
        out.put("cc_requests", r.ccRequests());
        out.put("duration_ms", r.duration().toMillis());
        return out;
    }

    /** The event parser and the answer's writer, on the shapes of the first invocation. */
    private void primeJson() throws IOException {
        SyncRequest.parse("{\"tenant\": \"default\"}".getBytes(StandardCharsets.UTF_8), "default");
        SyncRequest.parse("{\"detail-type\": \"Scheduled Event\", \"detail\": {}}".getBytes(StandardCharsets.UTF_8), "default");
        JSON.writeValueAsBytes(answer(new SyncReport(Warmup.NO_TENANT, SyncReport.Outcome.COMPLETED, 0, 0, 0, 0, 0, 0,
                List.of(), Duration.ZERO, null, "", List.of())));
    }

    /** The message Lambda reports as errorMessage: one line naming what failed and what to do. */
    public static final class SyncFailedException extends RuntimeException {
        public SyncFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
