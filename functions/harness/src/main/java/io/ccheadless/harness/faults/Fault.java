package io.ccheadless.harness.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * What {@link FaultProxy} does to a request it matched. Some faults answer instead of the upstream (the request
 * never reaches it); the others forward first, so the upstream applies the request, and then spoil or lose the
 * answer — the ambiguous case a client cannot tell from the first.
 */
public sealed interface Fault {

    /** Whether the upstream sees (and applies) the request. */
    boolean forwards();

    /** Waits {@code delay}, then forwards and answers: a write that outlives its client's timeout still lands. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            Objects.requireNonNull(delay, "delay");
        }

        @Override
        public boolean forwards() {
            return true;
        }
    }

    /** Holds the request until {@code release} opens (at most {@code max}), then forwards it: a write that lands late. */
    record Hold(CountDownLatch release, Duration max) implements Fault {
        public Hold {
            Objects.requireNonNull(release, "release");
            Objects.requireNonNull(max, "max");
        }

        @Override
        public boolean forwards() {
            return true;
        }
    }

    /** Waits {@code delay}, then closes the connection; the upstream never sees the request. */
    record Stall(Duration delay) implements Fault {
        @Override
        public boolean forwards() {
            return false;
        }
    }

    /** Answers {@code status} with {@code headers} and {@code body} instead of forwarding. */
    record Answer(int status, Map<String, String> headers, String body) implements Fault {
        public Answer {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public boolean forwards() {
            return false;
        }

        byte[] bytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Closes the connection without an answer; {@code afterForwarding}: only after the upstream applied the request. */
    record Reset(boolean afterForwarding) implements Fault {
        @Override
        public boolean forwards() {
            return afterForwarding;
        }
    }

    /** Forwards, then announces the whole answer's length but sends only half of its body and closes. */
    record Truncate() implements Fault {
        @Override
        public boolean forwards() {
            return true;
        }
    }

    /** Forwards, then answers the upstream's status and headers with {@code rewrite} applied to its body. */
    record Rewrite(String description, UnaryOperator<String> rewrite) implements Fault {
        public Rewrite {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(rewrite, "rewrite");
        }

        @Override
        public boolean forwards() {
            return true;
        }

        @Override
        public String toString() {
            return "Rewrite[" + description + "]";   // never the body: it may carry tokens
        }
    }

    // ---- the shapes real services answer ----

    /** The AWS JSON protocols' error answer: {@code __type} in the body and {@code x-amzn-ErrorType}. */
    static Answer awsError(int status, String type, String message, String contentType) {
        String shortType = type.substring(type.indexOf('#') + 1);
        return new Answer(status, Map.of("Content-Type", contentType, "x-amzn-ErrorType", shortType,
                "x-amzn-RequestId", "fault-proxy"),
                "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** DynamoDB (JSON 1.0): 400 ProvisionedThroughputExceededException. */
    static Answer dynamoThroughputExceeded() {
        return awsError(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded. Consider increasing your"
                        + " provisioning level with the UpdateTable API.", "application/x-amz-json-1.0");
    }

    /** DynamoDB (JSON 1.0): 400 ThrottlingException (control-plane and on-demand throttling). */
    static Answer dynamoThrottling() {
        return awsError(400, "com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds the allowed throughput.",
                "application/x-amz-json-1.0");
    }

    /** DynamoDB (JSON 1.0): 500 InternalServerError. */
    static Answer dynamoInternalError() {
        return awsError(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error",
                "application/x-amz-json-1.0");
    }

    /** Secrets Manager (JSON 1.1): 400 ThrottlingException, as PutSecretValue answers over its quota. */
    static Answer secretsThrottling() {
        return awsError(400, "ThrottlingException", "Rate exceeded", "application/x-amz-json-1.1");
    }

    /** Secrets Manager (JSON 1.1): 500 InternalServiceError. */
    static Answer secretsInternalError() {
        return awsError(500, "InternalServiceError", "An error occurred on the server side.", "application/x-amz-json-1.1");
    }

    /** Any AWS JSON service: 503 ServiceUnavailable. */
    static Answer serviceUnavailable(String contentType) {
        return awsError(503, "ServiceUnavailable", "Service is unavailable. Please try again later.", contentType);
    }

    /** A 200 whose body is not JSON (a proxy's error page in front of the service). */
    static Rewrite notJson() {
        return new Rewrite("not JSON", body -> "<html><body>502 Bad Gateway</body></html>");
    }
}
