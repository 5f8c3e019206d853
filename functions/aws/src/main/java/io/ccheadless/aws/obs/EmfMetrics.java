package io.ccheadless.aws.obs;

import io.ccheadless.core.json.Json;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout: Lambda ships stdout to CloudWatch Logs,
 * which extracts the metrics — no PutMetricData call, no extra permission. Namespace {@code cc-headless},
 * once per {@code Tenant} and once without dimensions (the aggregate over every tenant the stack's alarms watch; the
 * log line beside it names the tenant). Values are counts or durations, never anything secret. Written with jackson-core
 * alone ({@link Json}), as the log lines are.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "cc-headless";
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
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> aws = new LinkedHashMap<>();
        root.put("_aws", aws);
        aws.put("Timestamp", clock.millis());
        Map<String, Object> directive = new LinkedHashMap<>();
        aws.put("CloudWatchMetrics", List.of(directive));
        directive.put("Namespace", NAMESPACE);
        List<List<String>> dimensions = new ArrayList<>();
        directive.put("Dimensions", dimensions);
        if (tenant != null) {
            dimensions.add(List.of("Tenant"));
            root.put("Tenant", tenant);
        }
        dimensions.add(List.of());   // and without dimensions: the aggregate over every tenant, which the alarms watch
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("Name", name);
        metric.put("Unit", unit);
        directive.put("Metrics", List.of(metric));
        root.put(name, value);
        sink.accept(Json.write(root));
    }
}
