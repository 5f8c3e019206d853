package io.ccheadless.aws.obs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout: Lambda ships stdout to CloudWatch Logs,
 * which extracts the metrics — no PutMetricData call, no extra permission. Namespace {@code cc-headless},
 * once per {@code Tenant} and once without dimensions (the aggregate over every tenant the stack's alarms watch; the
 * log line beside it names the tenant). Values are counts or durations, never anything secret.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "cc-headless";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Consumer<String> sink;
    private final Clock clock;

    public EmfMetrics(Consumer<String> sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void put(String tenant, String name, double value, String unit) {
        write(Objects.requireNonNull(tenant, "tenant"), name, value, unit);
    }

    /**
     * A metric with no dimension, for what happens before the tenant is known (an init or configuration
     * failure, a malformed event): an alarm on it needs no tenant to fire.
     */
    public void putUntenanted(String name, double value, String unit) {
        write(null, name, value, unit);
    }

    private void write(String tenant, String name, double value, String unit) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        if (tenant != null) {
            dimensions.addArray().add("Tenant");
            root.put("Tenant", tenant);
        }
        dimensions.addArray();   // and without dimensions: the aggregate over every tenant, which the alarms watch
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", name).put("Unit", unit);
        root.put(name, value);
        sink.accept(root.toString());
    }
}
