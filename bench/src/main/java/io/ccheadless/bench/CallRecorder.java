package io.ccheadless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * What a function's invocation calls, in order, in the floor's notation ({@code dynamodb:GetItem},
 * {@code cc-api:GET /v3/emails?limit=50}): AWS calls from moto's own request recorder (the {@code X-Amz-Target} of
 * each request), CC calls from a forwarder per CC base URL that passes every request through to the sandbox and notes
 * its method and path. Only calls made between {@link #start()} and {@link #stop()} are kept; nothing of a request's
 * headers is kept, and of the bodies only DynamoDB's ({@link #dynamoRequest}: they carry no token).
 */
final class CallRecorder implements AutoCloseable {
    private final URI moto;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Forwarder> forwarders = new ArrayList<>();
    private final List<String> ccCalls = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    CallRecorder(URI moto) {
        this.moto = moto;
    }

    /** A forwarder to {@code target} whose calls are noted as {@code kind:METHOD /path?query}; answers its base URL. */
    URI forwardTo(URI target, String kind) throws IOException {
        Forwarder f = new Forwarder(target, kind);
        forwarders.add(f);
        return f.base();
    }

    void start() throws IOException, InterruptedException {
        ccCalls.clear();
        moto("reset-recording");
        moto("start-recording");
        recording = true;
    }

    /** Stops recording; answers the calls in order: AWS calls first as moto saw them, then CC calls (see below). */
    List<String> stop() throws IOException, InterruptedException {
        recording = false;
        moto("stop-recording");
        String recorded = http.send(HttpRequest.newBuilder(moto.resolve("/moto-api/recorder/download-recording")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        // Order within each kind is kept; across kinds it does not matter to the floor's cost, so AWS calls come first.
        List<String> calls = new ArrayList<>();
        for (String line : recorded.split("\n")) {
            if (!line.isBlank()) {
                calls.add(awsCall(ColdStartBench.JSON.readTree(line)));
            }
        }
        calls.addAll(ccCalls);
        return calls;
    }

    /** {@code X-Amz-Target: DynamoDB_20120810.GetItem} → {@code dynamodb:GetItem}; a target the floor does not know stays as it is. */
    static String awsCall(JsonNode entry) {
        String target = "";
        for (var h : entry.path("headers").properties()) {
            if (h.getKey().equalsIgnoreCase("X-Amz-Target")) {
                target = h.getValue().asText();
            }
        }
        int dot = target.lastIndexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operation = target.substring(dot + 1);
        return switch (service) {
            case "DynamoDB_20120810" -> "dynamodb:" + operation + dynamoRequest(entry);
            case "secretsmanager" -> "secretsmanager:" + operation;
            case "AWSEvents" -> "events:" + operation;
            case "AmazonSQS" -> "sqs:" + operation;
            default -> "aws:" + (target.isEmpty() ? entry.path("method").asText() + " " + entry.path("url").asText() : target);
        };
    }

    /**
     * A DynamoDB request as the function sent it, for the floor to send the same one (on its own item where it writes):
     * {@code |} and its JSON, base64url. DynamoDB requests carry no token (tokens live in Secrets Manager), so they are
     * the one kind whose body is kept; an entry without a body adds nothing.
     */
    static String dynamoRequest(JsonNode entry) {
        String body = entry.path("body").asText("");
        if (body.isEmpty()) {
            return "";
        }
        byte[] json = entry.path("body_encoded").asBoolean(false) ? java.util.Base64.getDecoder().decode(body)
                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return "|" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    private void moto(String action) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(moto.resolve("/moto-api/recorder/" + action))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("moto's recorder answered " + r.statusCode() + " to " + action);
        }
    }

    @Override
    public void close() {
        forwarders.forEach(f -> f.server.stop(0));
        http.close();
    }

    private final class Forwarder {
        private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "upgrade",
                "http2-settings", "expect", "transfer-encoding", "keep-alive");
        private final HttpServer server;
        private final URI target;
        private final String kind;

        Forwarder(URI target, String kind) throws IOException {
            this.target = target;
            this.kind = kind;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "recorder-" + kind);
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", this::forward);
            server.start();
        }

        URI base() {
            String path = target.getRawPath() == null ? "" : target.getRawPath();
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        private void forward(HttpExchange ex) throws IOException {
            try (ex) {
                String pathAndQuery = ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
                if (recording) {
                    ccCalls.add(kind + ":" + ex.getRequestMethod() + " " + pathAndQuery);
                }
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                ex.getRequestHeaders().forEach((k, vs) -> {
                    if (!NOT_FORWARDED.contains(k.toLowerCase())) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers().map().forEach((k, vs) -> {
                    if (!NOT_FORWARDED.contains(k.toLowerCase()) && !k.startsWith(":")) {
                        ex.getResponseHeaders().put(k, vs);
                    }
                });
                byte[] answer = r.body();
                boolean empty = answer.length == 0 || "HEAD".equals(ex.getRequestMethod());
                ex.sendResponseHeaders(r.statusCode(), empty ? -1 : answer.length);
                if (!empty) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(answer);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
