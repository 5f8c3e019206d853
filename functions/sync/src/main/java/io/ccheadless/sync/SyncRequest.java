package io.ccheadless.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.config.Tenants;

import java.util.Objects;

/**
 * What a sync invocation asks for. Accepts the EventBridge Scheduler input ({@code {"tenant": "…"}}),
 * an empty object, or a classic EventBridge "Scheduled Event" envelope (both meaning the default tenant).
 */
public record SyncRequest(String tenant) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SyncRequest {
        Objects.requireNonNull(tenant, "tenant");
    }

    public static SyncRequest parse(byte[] event, String defaultTenant) {
        JsonNode n;
        try {
            n = event.length == 0 ? JSON.createObjectNode() : JSON.readTree(event);
        } catch (Exception e) {
            throw new BadEventException("malformed sync event: not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new BadEventException("malformed sync event: expected a JSON object such as {\"tenant\": \"default\"}");
        }
        JsonNode tenant = n.has("tenant") ? n.get("tenant")
                : "Scheduled Event".equals(n.path("detail-type").asText()) ? n.path("detail").get("tenant") : null;
        if (tenant == null || tenant.isNull()) {
            return new SyncRequest(defaultTenant);
        }
        if (!tenant.isTextual() || !Tenants.validAny(tenant.asText())) {
            throw new BadEventException("malformed sync event: 'tenant' must be a string of " + Tenants.ANY_RULE);
        }
        return new SyncRequest(tenant.asText());
    }

    /** The event itself is wrong: retrying it cannot help. */
    public static final class BadEventException extends RuntimeException {
        public BadEventException(String message) {
            super(message);
        }
    }
}
