package io.ccheadless.aws.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.json.CampaignJson;
import io.ccheadless.aws.store.SortableTime;
import io.ccheadless.core.campaigns.CampaignEvents;
import io.ccheadless.core.campaigns.CampaignSend;
import io.ccheadless.core.campaigns.SentCampaign;
import io.ccheadless.core.obs.Sleeper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * "Campaign Sent" events on the stack's bus (schema in the README, section Events), at most once per send:
 * <ul>
 *   <li>batches stay within PutEvents' limits: 10 entries and 256 KB per call;</li>
 *   <li>entries the bus answers with an error code were not published and are retried (three more times, with
 *       backoff); what is still refused goes back to the caller, who keeps those sends pending;</li>
 *   <li>a call refused as a whole by throttling was not processed and is retried the same way;</li>
 *   <li>a call with no answer (a timeout, a dropped connection, a 5xx) may have been processed, so it is never
 *       sent again: the SDK's own retries are switched off for PutEvents, and its sends are reported uncertain.</li>
 * </ul>
 */
public final class EventBridgeCampaignEvents implements CampaignEvents {
    public static final String SOURCE = "cc-headless";
    public static final String DETAIL_TYPE = "Campaign Sent";
    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 4;
    /** Per-request override: a retried PutEvents whose first answer was lost would publish twice. */
    static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
            .retryStrategy(AwsRetryStrategy.doNotRetry()).build());

    private final EventBridgeClient events;
    private final String busName;
    private final Sleeper sleeper;
    private final Consumer<Integer> putCalls;

    public EventBridgeCampaignEvents(EventBridgeClient events, String busName) {
        this(events, busName, Sleeper.REAL, n -> { });
    }

    /** @param putCalls told of each PutEvents call with its entry count (metrics, benchmarks) */
    public EventBridgeCampaignEvents(EventBridgeClient events, String busName, Sleeper sleeper, Consumer<Integer> putCalls) {
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.putCalls = Objects.requireNonNull(putCalls, "putCalls");
    }

    @Override
    public Publication publish(List<CampaignSend> sends) {
        int published = 0;
        int uncertain = 0;
        List<CampaignSend> refused = new ArrayList<>();
        List<CampaignSend> batch = new ArrayList<>();
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        int bytes = 0;
        for (CampaignSend s : sends) {
            PutEventsRequestEntry e = entry(s);
            int size = size(e);
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + size > MAX_REQUEST_BYTES)) {
                Publication p = put(batch, entries);
                published += p.published();
                uncertain += p.uncertain();
                refused.addAll(p.refused());
                batch = new ArrayList<>();
                entries = new ArrayList<>();
                bytes = 0;
            }
            batch.add(s);
            entries.add(e);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            Publication p = put(batch, entries);
            published += p.published();
            uncertain += p.uncertain();
            refused.addAll(p.refused());
        }
        return new Publication(published, refused, uncertain);
    }

    private Publication put(List<CampaignSend> sends, List<PutEventsRequestEntry> entries) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            pending.add(i);
        }
        int published = 0;
        Duration backoff = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            List<PutEventsRequestEntry> send = pending.stream().map(entries::get).toList();
            List<PutEventsResultEntry> results;
            try {
                putCalls.accept(send.size());
                results = events.putEvents(PutEventsRequest.builder().entries(send)
                        .overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)).build()).entries();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    return uncertain(published, pending.size());
                }
                results = null;   // refused as a whole, nothing ingested: try all of them again
            } catch (SdkException e) {
                return uncertain(published, pending.size());
            }
            List<Integer> failed = new ArrayList<>();
            if (results == null) {
                failed.addAll(pending);
            } else {
                for (int k = 0; k < pending.size(); k++) {
                    if (k < results.size() && results.get(k).errorCode() == null) {
                        published++;
                    } else {
                        failed.add(pending.get(k));
                    }
                }
            }
            pending = failed;
            if (pending.isEmpty()) {
                return Publication.allPublished(published);
            }
            if (attempt >= MAX_ATTEMPTS) {
                return new Publication(published, pending.stream().map(sends::get).toList(), 0);
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Publication(published, pending.stream().map(sends::get).toList(), 0);
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    private static Publication uncertain(int published, int unknown) {
        return new Publication(published, List.of(), unknown);
    }

    private PutEventsRequestEntry entry(CampaignSend s) {
        return PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE).detailType(DETAIL_TYPE)
                .resources(List.of()).detail(detail(s)).build();
    }

    /** PutEvents' size rule: source, detail-type, detail and resources in UTF-8, plus 14 bytes for the time. */
    static int size(PutEventsRequestEntry e) {
        int n = 14;
        n += e.source().getBytes(StandardCharsets.UTF_8).length;
        n += e.detailType().getBytes(StandardCharsets.UTF_8).length;
        n += e.detail().getBytes(StandardCharsets.UTF_8).length;
        for (String r : e.resources()) {
            n += r.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /**
     * The event's detail: the send (event id, tenant, when it ran, and for a re-send how CC identifies it) and the
     * campaign in its one shape ({@link CampaignJson}) with its first stats and rates. No tokens, no account secrets.
     */
    public static String detail(CampaignSend send) {
        SentCampaign c = send.campaign();
        ObjectNode d = JSON.createObjectNode();
        d.put("event_id", send.eventId());
        d.put("tenant", c.tenant());
        d.put("sent_at", SortableTime.format(send.sentAt()));
        if (send.sendKey() != null) {
            d.put("send_key", send.sendKey());
        }
        CampaignJson.write(c, d);
        return d.toString();
    }
}
