package io.ccheadless.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.connect.ConnectEvents;
import io.ccheadless.core.connect.ConnectPath;
import io.ccheadless.core.connect.ConnectRefused;
import io.ccheadless.core.connect.ConnectedAccount;
import io.ccheadless.core.obs.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** The "Account Connected" event as EventBridge (moto) delivered it to a queue, and the audit lines beside it. */
class EventBridgeConnectEventsMotoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final List<String> lines = new ArrayList<>();
    final Log log = new Log(lines::add, Clock.systemUTC(), "test");
    EventBridgeClient bridge;
    SqsClient sqs;
    String bus;
    String queueUrl;

    @BeforeEach
    void busWithAQueue() {
        URI endpoint = URI.create(Moto.endpoint());
        bridge = EventBridgeClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
        String id = UUID.randomUUID().toString().substring(0, 8);
        bus = "bus-" + id;
        bridge.createEventBus(b -> b.name(bus));
        queueUrl = sqs.createQueue(b -> b.queueName("q-" + id)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        bridge.putRule(b -> b.name("connected-" + id).eventBusName(bus)
                .eventPattern("{\"source\": [\"cc-headless\"], \"detail-type\": [\"Account Connected\"]}"));
        bridge.putTargets(b -> b.rule("connected-" + id).eventBusName(bus).targets(t -> t.id("q").arn(arn)));
    }

    @AfterEach
    void close() {
        bridge.close();
        sqs.close();
    }

    @Test
    void aConnectionIsAnEventNamingBothAccountsAndAnAuditLine() throws Exception {
        ConnectEvents.Connection c = new ConnectEvents.Connection("acme", ConnectPath.IMPORT, 4,
                new ConnectedAccount("b18f2lwvtuw1", "Harbor Street Bakery"), "a07e1lwvtuw0");

        new EventBridgeConnectEvents(log, bridge, bus).connected(c);

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(1, got.size());
        JsonNode event = JSON.readTree(got.getFirst().body());
        assertEquals("Account Connected", event.get("detail-type").asText());
        JsonNode d = event.get("detail");
        assertEquals("acme", d.get("tenant").asText());
        assertEquals("import", d.get("path").asText());
        assertEquals(4, d.get("generation").asLong());
        assertEquals("b18f2lwvtuw1", d.get("encoded_account_id").asText());
        assertEquals("a07e1lwvtuw0", d.get("previous_account_id").asText());
        assertTrue(d.get("account_changed").asBoolean());
        assertEquals(1, lines.size());
        assertTrue(lines.getFirst().contains("\"logger\":\"audit\"") && lines.getFirst().contains("b18f2lwvtuw1"), lines::toString);
    }

    @Test
    void aFailedPublishIsLoggedAndNeverFailsTheConnection() {
        try (EventBridgeClient unreachable = EventBridgeClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9")).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(2)).retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            ConnectEvents events = new EventBridgeConnectEvents(log, unreachable, bus);
            assertDoesNotThrow(() -> events.connected(new ConnectEvents.Connection("acme", ConnectPath.CALLBACK, 1,
                    new ConnectedAccount("a07e1lwvtuw0", ""), null)));
            events.refused("acme", ConnectPath.DEVICE, new ConnectRefused(ConnectRefused.Reason.MISSING_PRIVILEGE,
                    "lacks ui:campaign:metrics", "ask the owner"));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("could not publish the connection event")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("MISSING_PRIVILEGE")), lines::toString);
    }
}
