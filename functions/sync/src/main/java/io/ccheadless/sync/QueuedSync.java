package io.ccheadless.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One record of an SQS event from the sync queue: its message id (what a partial batch failure names), its receive
 * count, and its body, a {@link SyncRequest} that must name its tenant (the dispatcher always does).
 */
record QueuedSync(String messageId, int receiveCount, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    QueuedSync {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
    }

    /** The records of an SQS event, or null when {@code event} is not one (a scheduled or direct invocation). */
    static List<QueuedSync> parse(byte[] event) {
        JsonNode n;
        try {
            n = event.length == 0 ? null : JSON.readTree(event);
        } catch (Exception e) {
            return null;   // SyncRequest.parse names what is wrong with it
        }
        if (n == null || !n.isObject() || !n.path("Records").isArray() || n.path("Records").isEmpty()
                || !"aws:sqs".equals(n.path("Records").get(0).path("eventSource").asText())) {
            return null;
        }
        List<QueuedSync> out = new ArrayList<>();
        for (JsonNode r : n.get("Records")) {
            out.add(new QueuedSync(r.path("messageId").asText(""), r.path("attributes").path("ApproximateReceiveCount").asInt(0),
                    r.path("body").asText("")));
        }
        return out;
    }

    /** The sync this record asks for; a body without a tenant is refused, never read as the default tenant. */
    SyncRequest request() {
        SyncRequest r = SyncRequest.parse(body.getBytes(StandardCharsets.UTF_8), "");
        if (r.tenant().isEmpty()) {
            throw new SyncRequest.BadEventException("malformed sync message: the body must name its tenant, e.g. {\"tenant\": \"acme\"}");
        }
        return r;
    }

    /** The tenant named in the body, for the failure's log line, or "unknown". */
    String tenantOrUnknown() {
        try {
            return request().tenant();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
