package io.ccheadless.aws.testing;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Faults on the wire of a real SDK client (an {@link ExecutionInterceptor} given to {@code AwsClients.create} or a client
 * builder), in front of moto: the adapter under test runs its real marshalling, retries, timeouts and unmarshalling.
 *
 * <p>Two kinds of fault. A <b>refusal</b> ({@link Fault#answer}, {@link Fault#reset}) takes a whole call, every SDK
 * attempt of it: the request is sent to a loopback socket here instead of moto, which answers the canned AWS error or
 * resets the connection, so moto never applies it (as DynamoDB does not apply a throttled write). A <b>spoiled
 * attempt</b> ({@link Fault#slow}, {@link Fault#lateAnswer}, {@link Fault#appliedThen}, {@link Fault#spoil}) takes
 * single attempts: moto applies the request, then the answer comes late or wrong, the ambiguous case a client cannot
 * tell from a refusal.
 */
public final class AwsFaults implements ExecutionInterceptor, AutoCloseable {
    private static final ExecutionAttribute<Rule> ATTEMPT = new ExecutionAttribute<>("aws-faults-attempt");
    private static final String FAULT_HEADER = "x-cch-fault";

    /** What is done to a request a rule matches. */
    public sealed interface Fault {
        /** An AWS JSON error answer, instead of the service, for the whole call. */
        static Fault answer(int status, String type, String message) {
            return new Answer(status, type, message);
        }

        /** DynamoDB's 400 ProvisionedThroughputExceededException. */
        static Fault throughputExceeded() {
            return answer(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded.");
        }

        /** 400 ThrottlingException (DynamoDB on demand, SQS). */
        static Fault throttling() {
            return answer(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
        }

        /** 500 InternalServerError. */
        static Fault serverError() {
            return answer(500, "InternalServerError", "Internal server error");
        }

        /** The connection is reset by the peer before any answer, for the whole call; the service never sees it. */
        static Fault reset() {
            return new Reset();
        }

        /** Each attempt waits {@code delay} before it is sent: the service applies it late. */
        static Fault slow(Duration delay) {
            return new Slow(delay);
        }

        /** Each attempt is applied by the service, and its answer held for {@code delay} (beyond a bound: lost). */
        static Fault lateAnswer(Duration delay) {
            return new LateAnswer(delay);
        }

        /** Each attempt is applied by the service, then answered {@code answer} (a throttle the client will retry). */
        static Fault appliedThen(Fault answer) {
            return new AppliedThen((Answer) answer);
        }

        /** Each attempt is applied, then its answer's body rewritten (truncated JSON, an item changed). */
        static Fault spoil(String description, UnaryOperator<String> body) {
            return new Spoil(description, body);
        }

        /** Half the answer's body: JSON cut short. */
        static Fault truncated() {
            return spoil("truncated JSON", b -> b.substring(0, b.length() / 2));
        }
    }

    record Answer(int status, String type, String message) implements Fault {
        String body() {
            return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        }

        String shortType() {
            return type.substring(type.indexOf('#') + 1);
        }
    }

    record Reset() implements Fault {
    }

    record Slow(Duration delay) implements Fault {
    }

    record LateAnswer(Duration delay) implements Fault {
    }

    record AppliedThen(Answer answer) implements Fault {
    }

    record Spoil(String description, UnaryOperator<String> body) implements Fault {
        @Override
        public String toString() {
            return "Spoil[" + description + "]";
        }
    }

    /** One rule: an operation (e.g. {@code UpdateItem}), which of its requests, the fault, how many times (-1: always). */
    public static final class Rule {
        private final String operation;
        private final Predicate<SdkRequest> when;
        private final Fault fault;
        private final AtomicInteger left;
        private final AtomicInteger injected = new AtomicInteger();

        Rule(String operation, Predicate<SdkRequest> when, Fault fault, int times) {
            this.operation = Objects.requireNonNull(operation, "operation");
            this.when = Objects.requireNonNull(when, "when");
            this.fault = Objects.requireNonNull(fault, "fault");
            this.left = new AtomicInteger(times);
        }

        boolean take(String op, SdkRequest request) {
            if (!operation.equals(op) || !when.test(request)) {
                return false;
            }
            if (left.getAndUpdate(n -> n > 0 ? n - 1 : n) == 0) {
                return false;
            }
            injected.incrementAndGet();
            return true;
        }

        /** Calls (refusals) or attempts (spoiled attempts) this rule took. */
        public int injected() {
            return injected.get();
        }

        @Override
        public String toString() {
            return operation + " " + fault + ", injected " + injected;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final ServerSocket refuser;
    private final AtomicInteger refused = new AtomicInteger();

    public AwsFaults() {
        try {
            refuser = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("aws-faults-refuser").start(this::refuse);
    }

    /** Every request of {@code operation}. */
    public Rule on(String operation, int times, Fault fault) {
        return on(operation, r -> true, times, fault);
    }

    /** The requests of {@code operation} that {@code when} picks; {@code times} -1 for every one. */
    public Rule on(String operation, Predicate<SdkRequest> when, int times, Fault fault) {
        Rule r = new Rule(operation, when, fault, times);
        rules.add(r);
        return r;
    }

    public void clear() {
        rules.clear();
    }

    /** Requests answered by the refusing socket (none of them reached the service). */
    public int refused() {
        return refused.get();
    }

    private Optional<Rule> match(boolean refusal, Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Rule r : rules) {
            boolean isRefusal = r.fault instanceof Answer || r.fault instanceof Reset;
            if (isRefusal == refusal && r.take(op, context.request())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    // ---- refusals: once per call, before the SDK's retry loop ----

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Optional<Rule> r = match(true, context, attributes);
        if (r.isEmpty()) {
            return context.httpRequest();
        }
        String how = r.get().fault instanceof Answer a ? "answer:" + a.status() + ":" + a.shortType() + ":" + a.type()
                + ":" + a.message() : "reset";
        return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1").port(refuser.getLocalPort())
                .putHeader(FAULT_HEADER, how).build();
    }

    // ---- spoiled attempts: every attempt ----

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPT, null);
        Optional<Rule> r = match(false, context, attributes);
        if (r.isEmpty()) {
            return;
        }
        attributes.putAttribute(ATTEMPT, r.get());
        if (r.get().fault instanceof Slow s) {
            pause(s.delay());
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(ATTEMPT) instanceof Rule r && r.fault instanceof LateAnswer l) {
            pause(l.delay());
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(ATTEMPT) instanceof Rule r && r.fault instanceof AppliedThen t) {
            return context.httpResponse().toBuilder().statusCode(t.answer().status())
                    .putHeader("x-amzn-ErrorType", t.answer().shortType()).build();
        }
        return context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(ATTEMPT) instanceof Rule r) {
            if (r.fault instanceof AppliedThen t) {
                return Optional.of(stream(t.answer().body()));
            }
            if (r.fault instanceof Spoil s) {
                String body = context.responseBody().map(AwsFaults::read).orElse("");
                return Optional.of(stream(s.body().apply(body)));
            }
        }
        return context.responseBody();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the SDK's attempt timeout: it reports the timeout itself
        }
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The refusing socket: reads one request, then answers the error its header names, or resets the connection. */
    private void refuse() {
        while (!refuser.isClosed()) {
            Socket s;
            try {
                s = refuser.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> serve(s));
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readHead(s.getInputStream());
            refused.incrementAndGet();
            String how = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(FAULT_HEADER + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("reset");
            if (how.startsWith("answer:")) {
                String[] p = how.split(":", 5);
                Answer a = new Answer(Integer.parseInt(p[1]), p[3], p[4]);
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + a.status() + " Fault\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "x-amzn-ErrorType: " + p[2] + "\r\nx-amzn-RequestId: aws-faults\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } else {
                s.setSoLinger(true, 0);   // close with RST: "Connection reset"
            }
        } catch (IOException e) {
            // the client gave up first
        }
    }

    /**
     * The request line and headers of an HTTP/1.1 request (answered), then its body (its Content-Length), so the
     * client is done sending: for the loopback servers of fault tests.
     */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        long length = head.toString().lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        in.readNBytes((int) length);
        return head.toString();
    }

    @Override
    public void close() {
        try {
            refuser.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
