package io.ccheadless.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON log line of {@code core/obs/Log} as a line a person reads: {@code "  token generation redeemed:
 * tenant acme, generation redeemed 1, ..."}, with the level in front unless it is INFO and empty fields left
 * out. Metric records
 * (Embedded Metric Format, the {@code _aws} key) are for CloudWatch and are left out.
 */
final class TextLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FRAME = Set.of("timestamp", "level", "logger", "message");

    private TextLog() {
    }

    static Optional<String> render(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return Optional.of(line);
        }
        if (n == null || !n.isObject() || !n.has("message")) {
            return n != null && n.has("_aws") ? Optional.empty() : Optional.of(line);
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : n.properties()) {
            if (!FRAME.contains(f.getKey()) && !f.getValue().asText().isEmpty()) {
                fields.add(f.getKey().replace('_', ' ') + " " + f.getValue().asText());
            }
        }
        String level = n.path("level").asText("INFO");
        return Optional.of("  " + ("INFO".equals(level) ? "" : level + ": ") + n.get("message").asText()
                + (fields.isEmpty() ? "" : ": " + String.join(", ", fields)));
    }
}
