package io.ccheadless.aws.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.ClientCredentialsSecret;
import io.ccheadless.aws.config.PartnerCredentialsSecret;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.aws.testing.AwsFaults;
import io.ccheadless.aws.testing.Concurrently;
import io.ccheadless.aws.testing.AwsFaults.Fault;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.core.http.HttpExchange.TransportException;
import io.ccheadless.core.obs.Log;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Priming's external calls under faults, through the real adapters: the SDK clients with {@link AwsFaults} on their
 * wire in front of moto, and the JDK HTTP client of the CC handshakes against a loopback server that stalls, resets,
 * answers bytes that are not HTTP, or answers an error. Whatever the fault, priming completes without throwing, the
 * faulted step is reported failed by its exception's class in the {@code primed} line while every other step still
 * succeeds, nothing is created or changed in moto, no secret reaches the log or the CC host, no credential is left
 * cached, and the same container primes cleanly (and reads its client credentials) once the fault is lifted.
 *
 * <p>To keep the class fast, each AWS fault runs in two containers, one faulting the even-numbered targets of
 * {@link #targets()} and one the odd-numbered, so that in each run faulted steps alternate with steps that must still
 * succeed; every case runs concurrently with the others (each waits on its own faults and call bound). The CC
 * handshakes go to a plain loopback server (below): the sandbox's fault injection is for its API's answers, and
 * harness/faults/FaultProxy is in a module this one cannot depend on.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PrimingFaultsMotoTest {
    /** The bound of one AWS call in these tests (one attempt): a late answer beyond it fails the call. */
    static final Duration CALL = Duration.ofMillis(1500);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern RESULT = Pattern.compile("(ok|failed \\((\\w+)\\)) in \\d+ ms");

    static final String CLIENT_ID = "priming-client-" + UUID.randomUUID().toString().substring(0, 8);
    static final String CLIENT_SECRET = "priming-client-secret-" + UUID.randomUUID();
    static final String PARTNER_SECRET = "priming-partner-secret-" + UUID.randomUUID();
    static final String PARTNER_KEY = "priming-partner-key-" + UUID.randomUUID();

    static Map<String, String> env;
    static AwsClients clean;
    static SqsClient cleanSqs;
    static String queue;
    /** What moto holds once provisioned: every test leaves it so. */
    static Snapshot provisioned;

    @BeforeAll
    static void provision() {
        env = new HashMap<>(Moto.environment("http://127.0.0.1:9/oauth2/default/v1", "http://127.0.0.1:9",
                Map.of("PartnerAccounts", "Enabled")));
        clean = Moto.provision(env, CLIENT_ID, CLIENT_SECRET);
        cleanSqs = AwsClients.sqs(Settings.fromEnvironment(env), Duration.ofSeconds(4));
        queue = LocalProvisioner.syncQueues(cleanSqs, "priming-faults-" + env.get("STATE_TABLE"), 2, 30).queueUrl();
        env.put("SYNC_QUEUE_URL", queue);
        // whatever reached the bus under priming's detail type would land on the queue, which must stay empty
        String queueArn = cleanSqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String bus = env.get("EVENT_BUS_NAME");
        clean.events().putRule(b -> b.name("priming-faults-catch").eventBusName(bus)
                .eventPattern("{\"detail-type\":[\"cch priming\"]}"));
        clean.events().putTargets(b -> b.rule("priming-faults-catch").eventBusName(bus).targets(t -> t.id("q").arn(queueArn)));
        new PartnerCredentialsSecret(clean.secrets(), env.get("PARTNER_SECRET_ID")).store("{\"client_id\": \"p\","
                + " \"client_secret\": \"" + PARTNER_SECRET + "\", \"api_key\": \"" + PARTNER_KEY + "\"}");
        clean.dynamo().putItem(b -> b.tableName(env.get("STATE_TABLE")).item(Map.of("pk", AttributeValue.fromS("tenant#other"),
                "generation", AttributeValue.fromN("3"))));
        provisioned = Snapshot.take();
        assertTrue(provisioned.secretVersions().size() >= 2, "the stack's secrets are seen: " + provisioned);
    }

    @AfterAll
    static void close() {
        if (cleanSqs != null) {
            cleanSqs.close();
        }
        if (clean != null) {
            clean.close();
        }
    }

    // ---- what is faulted

    /**
     * One AWS call of one priming step: the step, the operation, which of its requests (steps share operations), and
     * whether the step expects the service to refuse it (a secret that does not exist, a condition that fails, an empty
     * batch): the SDK reads a refusal's type from the answer's {@code x-amzn-ErrorType} header, so a refusal whose body
     * is spoiled is still the refusal the step expects, and the step succeeds.
     */
    record Target(String step, String operation, Predicate<SdkRequest> which, boolean refused) {
        @Override
        public String toString() {
            return step + "/" + operation;
        }
    }

    static List<Target> targets() {
        Settings s = Settings.fromEnvironment(env);
        return List.of(
                new Target("state_table", "GetItem", item(pk -> pk.startsWith("tenant#")), false),
                new Target("caller_grants", "GetItem", item(pk -> pk.startsWith("caller#")), false),
                new Target("token_vault", "GetSecretValue", secret(id -> id.startsWith(s.tokenSecretPrefix())), true),
                new Target("client_credentials", "GetSecretValue", secret(id -> id.equals(s.clientSecretId())), false),
                new Target("campaigns_index", "Query", r -> true, false),
                new Target("campaigns_write", "BatchWriteItem", r -> true, false),
                new Target("event_bus", "DescribeEventBus", r -> true, false),
                new Target("event_refused", "PutEvents", r -> true, false),
                new Target("writes", "UpdateItem", r -> true, true),
                new Target("answers", "DeleteItem", r -> ((DeleteItemRequest) r).conditionExpression() == null, false),
                new Target("authorization_states", "DeleteItem", r -> ((DeleteItemRequest) r).conditionExpression() != null,
                        true),
                new Target("registry_scan", "Scan", r -> true, false),
                new Target("sync_queue", "SendMessageBatch", r -> true, true),
                new Target("writes", "PutSecretValue", r -> true, true),
                new Target("partner_credentials", "GetSecretValue", secret(id -> id.equals(s.partnerSecretId())), false));
    }

    static Predicate<SdkRequest> item(Predicate<String> pk) {
        return r -> pk.test(((GetItemRequest) r).key().get("pk").s());
    }

    static Predicate<SdkRequest> secret(Predicate<String> id) {
        return r -> id.test(((GetSecretValueRequest) r).secretId());
    }

    /** One kind of AWS fault; {@code spoilsAnswer}: the service answers, and its answer's body is spoiled. */
    record AwsFault(String name, Fault fault, boolean spoilsAnswer) {
        /** Whether {@code t}'s step must fail under this fault. */
        boolean fails(Target t) {
            return !(spoilsAnswer && t.refused());
        }
    }

    /** Every kind of AWS fault AwsFaults offers. */
    static List<AwsFault> awsFaults() {
        return List.of(
                new AwsFault("throttled", Fault.throttling(), false),
                new AwsFault("500", Fault.serverError(), false),
                new AwsFault("connection reset", Fault.reset(), false),
                new AwsFault("answer later than the call's bound", Fault.lateAnswer(CALL.plusMillis(300)), false),
                new AwsFault("truncated JSON answer", Fault.truncated(), true),
                new AwsFault("answer that is not JSON", Fault.spoil("not JSON", b -> "<html><body>Bad gateway</body></html>"),
                        true));
    }

    /**
     * What a fault must never surface as (the primed line names its class): a programming error from an answer a step
     * misread. A fault surfaces as our adapters' translation (StoreUnavailableException, VaultException) or, where a
     * step calls the SDK directly, the SDK's own service, transport, timeout or integrity exception.
     */
    static final List<String> PROGRAMMING_ERRORS = List.of("NullPointerException", "ClassCastException",
            "IllegalStateException", "IllegalArgumentException", "IndexOutOfBoundsException",
            "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException", "NoSuchElementException",
            "NumberFormatException", "UnsupportedOperationException", "ArithmeticException", "UncheckedIOException");

    // ---- the tests

    /**
     * Every AWS and CC case at once (they wait on their own faults and bounds; run one after the other they would cost
     * the sum of their waits), each reported by its name.
     */
    @Test
    void aFaultOnAnyOfPrimingsCallsFailsOnlyItsStepChangesNothingAndLeaksNoSecret() {
        Map<String, Executable> cases = new LinkedHashMap<>(awsCases());
        cases.putAll(ccCases());
        Concurrently.run(cases);
        assertEquals(provisioned, Snapshot.take(), "nothing created or changed in moto, nothing enqueued or delivered");
    }

    /**
     * Each AWS fault on each target: only its step fails (by a fault's class), nothing is left cached, and once the
     * fault is lifted the same container primes cleanly and reads its client credentials.
     */
    static Map<String, Executable> awsCases() {
        List<Target> targets = targets();
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (AwsFault fault : awsFaults()) {
            for (int parity = 0; parity < 2; parity++) {
                List<Target> faulted = new ArrayList<>();
                for (int i = parity; i < targets.size(); i += 2) {
                    faulted.add(targets.get(i));
                }
                cases.put(fault.name() + " on " + faulted, () -> awsCase(fault, faulted));
            }
        }
        return cases;
    }

    private static void awsCase(AwsFault fault, List<Target> faulted) {
        try (Handshakes cc = new Handshakes(Handshakes.Mode.ANSWER); Case c = new Case(cc, cc)) {
            List<AwsFaults.Rule> rules = faulted.stream().map(t -> c.faults.on(t.operation(), t.which(), -1, fault.fault()))
                    .toList();
            Map<String, String> primed = c.prime();
            assertTrue(primed.keySet().containsAll(faulted.stream().map(Target::step).toList()), "every faulted step ran");
            List<String> failing = faulted.stream().filter(fault::fails).map(Target::step).distinct().toList();
            for (Map.Entry<String, String> step : primed.entrySet()) {
                if (failing.contains(step.getKey())) {
                    String failure = failedWith(step.getValue());
                    assertNotNull(failure, step.getKey() + " reported failed: " + step.getValue());
                    assertFalse(PROGRAMMING_ERRORS.contains(failure), step.getKey() + " failed by the fault: " + failure);
                } else {
                    assertEquals("ok", outcome(step.getValue()), step.getKey() + " still runs and succeeds");
                }
            }
            for (int i = 0; i < rules.size(); i++) {
                assertTrue(rules.get(i).injected() >= 1, faulted.get(i) + ": the fault was injected");
            }
            assertFalse(c.container.bean(SnapshotHygiene.class).holdsSecrets(), "no credential left cached");

            c.faults.clear();
            primed = c.prime();
            primed.forEach((step, result) -> assertEquals("ok", outcome(result), step + " once the fault is lifted"));
            assertEquals(CLIENT_ID, c.container.bean(ClientCredentialsSecret.class).get().clientId(),
                    "a real first read of the client credentials, after priming");
            c.assertNoSecretLogged();
            cc.assertNoCredentialReceived();
        }
    }

    /**
     * A CC host that stalls, resets or answers bytes that are not HTTP fails only its handshakes (an error answer is a
     * handshake made, and ignored); no credential is sent to either host.
     */
    static Map<String, Executable> ccCases() {
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (Handshakes.Mode mode : List.of(Handshakes.Mode.STALL, Handshakes.Mode.RESET, Handshakes.Mode.NOT_HTTP)) {
            cases.put(mode + " on the authorization host", () -> ccCase(mode, true, true));
            cases.put(mode + " on the API host", () -> ccCase(mode, false, true));
        }
        cases.put("an error answer with garbage headers on the authorization host",
                () -> ccCase(Handshakes.Mode.ERROR_ANSWER, true, false));
        cases.put("an error answer with garbage headers on the API host",
                () -> ccCase(Handshakes.Mode.ERROR_ANSWER, false, false));
        cases.put("a stalled handshake is a timeout", PrimingFaultsMotoTest::stalledHandshakeIsATimeout);
        return cases;
    }

    /**
     * {@code onAuth}: the authorization host (cc_auth, cc_partner_auth) is the faulty one, else the API host (cc_api);
     * {@code fails}: whether its handshakes must fail (an HTTP answer of any status is a handshake made, and ignored).
     */
    private static void ccCase(Handshakes.Mode mode, boolean onAuth, boolean fails) {
        try (Handshakes faulty = new Handshakes(mode); Handshakes healthy = new Handshakes(Handshakes.Mode.ANSWER);
             Case c = onAuth ? new Case(faulty, healthy) : new Case(healthy, faulty)) {
            List<String> faultySteps = onAuth ? List.of("cc_auth", "cc_partner_auth") : List.of("cc_api");
            Map<String, String> primed = c.prime();
            assertTrue(primed.keySet().containsAll(faultySteps), primed.keySet().toString());
            for (Map.Entry<String, String> step : primed.entrySet()) {
                if (faultySteps.contains(step.getKey()) && fails) {
                    assertEquals(TransportException.class.getSimpleName(), failedWith(step.getValue()),
                            step.getKey() + ": " + step.getValue());
                } else {
                    assertEquals("ok", outcome(step.getValue()), step.getKey() + " succeeds");
                }
            }
            assertEquals(faultySteps.size(), faulty.paths().stream().distinct().count(),
                    "each faulty handshake reached the faulty host: " + faulty.paths());
            assertEquals(3 - faultySteps.size(), healthy.paths().stream().distinct().count(), healthy.paths().toString());
            faulty.assertNoCredentialReceived();
            healthy.assertNoCredentialReceived();
            c.assertNoSecretLogged();
            assertFalse(c.container.bean(SnapshotHygiene.class).holdsSecrets(), "no credential left cached");
        }
    }

    /** The step itself, outside priming: a host that never answers fails it by its bound, as a timeout. */
    private static void stalledHandshakeIsATimeout() {
        try (Handshakes stall = new Handshakes(Handshakes.Mode.STALL); Case c = new Case(stall, stall)) {
            TransportException e = assertThrows(TransportException.class, () -> new Warmup(c.container).ccApi().run());
            assertTrue(e.getCause() instanceof SocketTimeoutException, "a timeout: " + e.getCause());
            assertTrue(e.getMessage().contains("timed out after"), e.getMessage());
            assertTrue(e.maybeProcessed(), "the request was sent");
            assertEquals(1, stall.paths().size());
            stall.assertNoCredentialReceived();
        }
    }

    // ---- one case: a container over faulty clients

    static final class Case implements AutoCloseable {
        final AwsFaults faults = new AwsFaults();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Log log = new Log(lines::add, Clock.systemUTC(), "priming-faults");
        final AwsClients aws;
        final Container container;
        final Map<String, Priming.Step> steps;

        Case(Handshakes auth, Handshakes api) {
            Map<String, String> e = new HashMap<>(env);
            e.put("CC_AUTH_BASE_URL", auth.base() + "/oauth2/default/v1");
            e.put("CC_API_BASE_URL", api.base());
            Settings s = Settings.fromEnvironment(e);
            aws = AwsClients.create(s, CALL, List.of(faults));
            container = Container.of(s, aws, Clock.systemUTC(), log, "priming-faults:" + UUID.randomUUID());
            Warmup w = new Warmup(container);
            // every step of every function (partner accounts on: the dispatcher's partner discovery included); the
            // queue is the container's, whose SQS client has the faults on its wire
            steps = EveryFunctionsSteps.of(w);
        }

        /** Primes once (it must not throw) and answers the {@code primed} line's result of each step, in order. */
        Map<String, String> prime() {
            int from = lines.size();
            new Priming(steps, container.bean(SnapshotHygiene.class), log).prime();
            List<JsonNode> primed = lines.subList(from, lines.size()).stream().map(PrimingFaultsMotoTest::parse)
                    .filter(n -> "primed".equals(n.path("message").asText())).toList();
            assertEquals(1, primed.size(), "one primed line");
            Map<String, String> results = new LinkedHashMap<>();
            for (String step : steps.keySet()) {
                assertTrue(primed.getFirst().has(step), "the primed line reports " + step);
                results.put(step, primed.getFirst().get(step).asText());
            }
            return results;
        }

        void assertNoSecretLogged() {
            String all = String.join("\n", lines);
            for (String secret : List.of(CLIENT_SECRET, PARTNER_SECRET, PARTNER_KEY)) {
                assertFalse(all.contains(secret), "a secret in the log");
            }
        }

        @Override
        public void close() {
            container.close();
            aws.close();
            faults.close();
        }
    }

    /** "ok", or "failed", from a step's result in the primed line. */
    static String outcome(String result) {
        Matcher m = RESULT.matcher(result);
        assertTrue(m.matches(), "a step's result: " + result);
        return m.group(2) == null ? "ok" : "failed";
    }

    /** The exception class a failed step reports, or null if it succeeded. */
    static String failedWith(String result) {
        Matcher m = RESULT.matcher(result);
        assertTrue(m.matches(), "a step's result: " + result);
        return m.group(2);
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("a log line that is not JSON: " + line.length() + " chars", e);
        }
    }

    /**
     * What priming must leave as it found it: the tables, this stack's secrets (names and versions, and any secret of
     * the tenant priming reads), the queue.
     */
    record Snapshot(List<Map<String, AttributeValue>> state, int campaigns, Map<String, List<String>> secretVersions,
                    String queued) {
        static Snapshot take() {
            Map<String, List<String>> versions = new LinkedHashMap<>();
            // this stack's secrets (named under the stack's name, as its token secrets are)
            String prefix = env.get("TOKEN_SECRET_PREFIX");
            String stack = prefix.substring(0, prefix.indexOf('/') + 1);
            clean.secrets().listSecretsPaginator(b -> b.filters(f -> f.key(FilterNameStringType.NAME).values(stack)))
                    .stream().flatMap(page -> page.secretList().stream()).map(s -> s.name()).sorted()
                    .forEach(n -> versions.put(n, clean.secrets().listSecretVersionIds(b -> b.secretId(n)).versions().stream()
                            .map(v -> v.versionId()).sorted().toList()));
            return new Snapshot(clean.dynamo().scan(b -> b.tableName(env.get("STATE_TABLE")).consistentRead(true)).items(),
                    clean.dynamo().scan(b -> b.tableName(env.get("CAMPAIGNS_TABLE"))).count(), versions,
                    cleanSqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings().toString());
        }
    }

    // ---- a CC host on a loopback server socket, which the real JDK HttpClient talks to

    static final class Handshakes implements AutoCloseable {
        enum Mode {
            /** Answers the HEAD with 200. */
            ANSWER,
            /** Reads the request and never answers. */
            STALL,
            /** Reads the request and resets the connection. */
            RESET,
            /** Reads the request and answers bytes that are not HTTP, then closes. */
            NOT_HTTP,
            /**
             * Answers 503 with headers that mean nothing: a Retry-After that is no time, a Content-Type that is no
             * type, a Content-Length whose body a HEAD's answer never carries (the answer is ignored).
             */
            ERROR_ANSWER
        }

        private final Mode mode;
        private final ServerSocket server;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final CountDownLatch closed = new CountDownLatch(1);

        Handshakes(Mode mode) {
            this.mode = mode;
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String base() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        /** The request paths received (a client may retry one). */
        List<String> paths() {
            return requests.stream().map(r -> r.lines().findFirst().orElse("").split(" ")[1]).toList();
        }

        void assertNoCredentialReceived() {
            for (String r : requests) {
                assertTrue(r.startsWith("HEAD "), "a handshake is a HEAD");
                assertFalse(r.toLowerCase(Locale.ROOT).contains("authorization:"), "no Authorization header");
                assertFalse(r.toLowerCase(Locale.ROOT).contains("cookie:"), "no cookie");
                for (String credential : List.of(CLIENT_ID, CLIENT_SECRET, PARTNER_SECRET, PARTNER_KEY)) {
                    assertFalse(r.contains(credential), "a credential sent to the CC host");
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                String head = AwsFaults.readHead(s.getInputStream());
                if (head.isEmpty()) {
                    return;
                }
                requests.add(head);
                OutputStream out = s.getOutputStream();
                switch (mode) {
                    case ANSWER -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    case ERROR_ANSWER -> out.write(("HTTP/1.1 503 Nope\r\nRetry-After: whenever\r\nContent-Type: ???\r\n"
                            + "Content-Length: 9\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    case STALL -> closed.await();
                    case RESET -> s.setSoLinger(true, 0);
                    case NOT_HTTP -> out.write("\u0000\u00ffSSH-2.0-garbage \u0001\u0002\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (IOException | InterruptedException e) {
                // the client gave up first
            }
        }

        @Override
        public void close() {
            closed.countDown();
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
