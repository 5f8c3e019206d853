package io.ccheadless.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.campaigns.CampaignEvents;
import io.ccheadless.core.campaigns.CampaignSend;
import io.ccheadless.core.campaigns.CampaignStats;
import io.ccheadless.core.campaigns.SentCampaign;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What EventBridge (moto) actually delivered, read from an SQS queue the bus's rule targets. Refused entries and
 * lost answers are made by an interceptor on the client: refused entries never reach the bus, a lost answer
 * comes after the bus took the call.
 */
class EventBridgeCampaignEventsMotoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Instant sent = Instant.parse("2026-11-20T10:00:00Z");
    final List<Integer> callSizes = new ArrayList<>();
    final Faults faults = new Faults();
    EventBridgeClient bridge;
    SqsClient sqs;
    String bus;
    String queueUrl;

    @BeforeEach
    void busWithAQueue() {
        URI endpoint = URI.create(Moto.endpoint());
        bridge = EventBridgeClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .httpClient(new LosingHttpClient(UrlConnectionHttpClient.create(), faults))
                .overrideConfiguration(o -> o.addExecutionInterceptor(faults)).build();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
        String id = UUID.randomUUID().toString().substring(0, 8);
        bus = "bus-" + id;
        bridge.createEventBus(b -> b.name(bus));
        queueUrl = sqs.createQueue(b -> b.queueName("q-" + id)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        bridge.putRule(b -> b.name("all-" + id).eventBusName(bus)
                .eventPattern("{\"source\": [\"cc-headless\"], \"detail-type\": [\"Campaign Sent\"]}"));
        bridge.putTargets(b -> b.rule("all-" + id).eventBusName(bus).targets(t -> t.id("q").arn(arn)));
    }

    @AfterEach
    void close() {
        bridge.close();
        sqs.close();
    }

    EventBridgeCampaignEvents events() {
        return new EventBridgeCampaignEvents(bridge, bus, d -> { }, callSizes::add);
    }

    List<CampaignSend> sends(int n) {
        List<CampaignSend> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SentCampaign c = new SentCampaign("acme", "c-" + i, "Newsletter " + i, "Done", "NEWSLETTER", sent.plusSeconds(i),
                    new CampaignStats(3100, 900, 120, 3, 4, 0, 40, 2160), sent.plusSeconds(600));
            out.add(new CampaignSend(c, c.lastSentAt()));
        }
        return out;
    }

    List<JsonNode> delivered() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void eachSendIsDeliveredOnceInBatchesOfTenWithTheDocumentedDetail() throws Exception {
        CampaignEvents.Publication p = events().publish(sends(23));

        assertEquals(23, p.published());
        assertEquals(List.of(10, 10, 3), callSizes, "PutEvents takes at most ten entries");
        List<JsonNode> got = delivered();
        assertEquals(23, got.size());
        Map<String, Integer> perId = new HashMap<>();
        for (JsonNode e : got) {
            assertEquals("cc-headless", e.path("source").asText());
            assertEquals("Campaign Sent", e.path("detail-type").asText());
            perId.merge(e.path("detail").path("event_id").asText(), 1, Integer::sum);
        }
        assertTrue(perId.values().stream().allMatch(n -> n == 1), "none twice: " + perId);
        JsonNode d = got.stream().filter(e -> e.path("detail").path("campaign_id").asText().equals("c-0")).findFirst()
                .orElseThrow().path("detail");
        assertEquals("acme/c-0/" + sent.toEpochMilli(), d.path("event_id").asText());
        assertEquals("acme", d.path("tenant").asText());
        assertEquals("Newsletter 0", d.path("name").asText());
        assertEquals("Done", d.path("status").asText());
        assertEquals("NEWSLETTER", d.path("campaign_type").asText());
        assertEquals("2026-11-20T10:00:00.000Z", d.path("sent_at").asText());
        assertEquals("2026-11-20T10:00:00.000Z", d.path("last_sent_at").asText());
        assertEquals(3100, d.path("stats").path("sends").asLong());
        assertEquals(2160, d.path("stats").path("not_opened").asLong());
        List<String> fields = new ArrayList<>();
        d.fieldNames().forEachRemaining(fields::add);
        // CC's rates: 900 opens, 120 clicks and 4 opt-outs of 3,060 delivered; 40 bounces of 3,100 sends
        assertEquals(29.4, d.path("rates").path("open").asDouble());
        assertEquals(3.9, d.path("rates").path("click").asDouble());
        assertEquals(1.3, d.path("rates").path("bounce").asDouble());
        assertEquals(0.1, d.path("rates").path("unsubscribe").asDouble());
        assertEquals(List.of("event_id", "tenant", "sent_at", "campaign_id", "name", "status", "campaign_type",
                "last_sent_at", "synced_at", "stats", "rates", "rates_source", "computed_rates"), fields,
                "the README's schema, nothing more");
        assertEquals("summary_counts", d.path("rates_source").asText(), "no stats report read: our rates");
    }

    @Test
    void entriesTheBusRefusesAreRetriedAndDeliveredOnce() throws Exception {
        faults.refuseEntriesOnce(1, 4);
        CampaignEvents.Publication p = events().publish(sends(6));
        assertEquals(6, p.published());
        assertTrue(p.refused().isEmpty());
        assertEquals(List.of(6, 2), callSizes, "the second call carries only the two refused entries");
        assertEquals(6, delivered().size());
    }

    @Test
    void entriesRefusedEveryTimeComeBackToTheCaller() throws Exception {
        faults.refuseAlways("c-2");
        CampaignEvents.Publication p = events().publish(sends(4));
        assertEquals(3, p.published());
        assertEquals(List.of("c-2"), p.refused().stream().map(s -> s.campaign().campaignId()).toList());
        assertEquals(3, delivered().size());
    }

    @Test
    void aCallWhoseAnswerIsLostIsNotSentAgain() throws Exception {
        faults.loseAnswerOfCall(2);
        CampaignEvents.Publication p = events().publish(sends(25));
        assertEquals(10, p.uncertain(), "the second batch's outcome is unknown");
        assertEquals(15, p.published());
        assertEquals(List.of(10, 10, 5), callSizes, "no call repeated");
        assertEquals(25, delivered().size(), "the bus took the lost call: every event exactly once");
    }

    /**
     * The real HTTP client, except that the answer to one PutEvents attempt is lost after moto processed it: an
     * IOException, which the SDK's default retry strategy would answer by sending the same call again.
     */
    static final class LosingHttpClient implements software.amazon.awssdk.http.SdkHttpClient {
        private final software.amazon.awssdk.http.SdkHttpClient real;
        private final Faults faults;
        private final AtomicInteger attempts = new AtomicInteger();

        LosingHttpClient(software.amazon.awssdk.http.SdkHttpClient real, Faults faults) {
            this.real = real;
            this.faults = faults;
        }

        @Override
        public software.amazon.awssdk.http.ExecutableHttpRequest prepareRequest(software.amazon.awssdk.http.HttpExecuteRequest request) {
            boolean putEvents = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("").endsWith("PutEvents");
            software.amazon.awssdk.http.ExecutableHttpRequest call = real.prepareRequest(request);
            return new software.amazon.awssdk.http.ExecutableHttpRequest() {
                @Override
                public software.amazon.awssdk.http.HttpExecuteResponse call() throws java.io.IOException {
                    software.amazon.awssdk.http.HttpExecuteResponse r = call.call();
                    if (putEvents && faults.loseThisAttempt(attempts.incrementAndGet())) {
                        r.responseBody().ifPresent(b -> {
                            try {
                                b.close();
                            } catch (java.io.IOException ignored) {
                                // already lost
                            }
                        });
                        throw new java.net.SocketException("simulated: connection reset after the bus took the call");
                    }
                    return r;
                }

                @Override
                public void abort() {
                    call.abort();
                }
            };
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** Refuses entries by dropping them from the request and answering an error for them; loses answers. */
    static final class Faults implements ExecutionInterceptor {
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Integer> refuseOnce = new ArrayList<>();
        private String refuseAlways;
        private int loseCall = -1;
        private final ThreadLocal<List<Integer>> dropped = ThreadLocal.withInitial(ArrayList::new);

        void refuseEntriesOnce(Integer... indexes) {
            refuseOnce.addAll(List.of(indexes));
        }

        void refuseAlways(String campaignId) {
            refuseAlways = campaignId;
        }

        void loseAnswerOfCall(int n) {
            loseCall = n;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PutEventsRequest r)) {
                return context.request();
            }
            int call = calls.incrementAndGet();
            List<Integer> drop = new ArrayList<>();
            List<PutEventsRequestEntry> keep = new ArrayList<>();
            for (int i = 0; i < r.entries().size(); i++) {
                PutEventsRequestEntry e = r.entries().get(i);
                boolean refuse = (call == 1 && refuseOnce.contains(i))
                        || (refuseAlways != null && e.detail().contains("\"campaign_id\":\"" + refuseAlways + "\""));
                if (refuse) {
                    drop.add(i);
                } else {
                    keep.add(e);
                }
            }
            dropped.set(drop);
            return r.toBuilder().entries(keep).build();
        }

        /** The HTTP attempt after which the answer is lost (counted over PutEvents attempts on the wire). */
        boolean loseThisAttempt(int attempt) {
            return attempt == loseCall;
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof PutEventsResponse r) || dropped.get().isEmpty()) {
                return context.response();
            }
            List<PutEventsResultEntry> entries = new ArrayList<>(r.entries());
            for (int i : dropped.get()) {
                entries.add(i, PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("simulated").build());
            }
            return r.toBuilder().entries(entries).failedEntryCount(r.failedEntryCount() + dropped.get().size()).build();
        }
    }
}
