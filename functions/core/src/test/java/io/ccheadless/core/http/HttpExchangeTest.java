package io.ccheadless.core.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CacheRequest;
import java.net.CacheResponse;
import java.net.InetAddress;
import java.net.ResponseCache;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The production transport ({@link UrlConnectionTransport}) through {@link HttpExchange}, against a server that
 * answers byte for byte what each test scripts: answers, error bodies, no redirects, the total bound against a server
 * that never answers or dribbles, and how each failure is classified for the token protocol (nothing sent, or maybe
 * processed). The refresh-token POST is never sent twice by the JDK, even when its answer breaks off.
 */
class HttpExchangeTest {
    /** What one connection does once its request has been read. */
    interface Script {
        void answer(Request request, OutputStream out, Socket socket) throws IOException, InterruptedException;
    }

    record Request(String line, Map<String, String> headers, String body) {
    }

    private final ScriptedServer server = new ScriptedServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void answersStatusBodyAndTheHeadersTheProtocolReads() {
        server.then((r, out, s) -> write(out, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n"
                + "Content-Length: 25\r\n\r\n{\"error_key\":\"throttled\"}"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails?limit=50"),
                Map.of("Authorization", "Bearer at-1", "Accept", "application/json"), null);
        assertEquals(429, r.status());
        assertEquals("{\"error_key\":\"throttled\"}", r.body());
        assertEquals("7", r.retryAfter());
        assertFalse(r.ok());
        Request seen = server.requests.getFirst();
        assertEquals("GET /v3/emails?limit=50 HTTP/1.1", seen.line());
        assertEquals("Bearer at-1", seen.headers().get("authorization"));
        assertEquals("application/json", seen.headers().get("accept"));
    }

    @Test
    void sendsTheBodyWithItsLengthAndReadsAnErrorBody() {
        server.then((r, out, s) -> write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 25\r\n\r\n{\"error\":\"invalid_grant\"}"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("POST", server.uri("/oauth2/default/v1/token"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=refresh_token&refresh_token=rt-1");
        assertEquals(400, r.status());
        assertEquals("{\"error\":\"invalid_grant\"}", r.body());
        Request seen = server.requests.getFirst();
        assertEquals("POST /oauth2/default/v1/token HTTP/1.1", seen.line());
        assertEquals("grant_type=refresh_token&refresh_token=rt-1", seen.body());
        assertEquals("43", seen.headers().get("content-length"));
    }

    @Test
    void anErrorStatusWithoutBodyAnswersAnEmptyBody() {
        server.then((r, out, s) -> write(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/account/summary"), Map.of(), null);
        assertEquals(503, r.status());
        assertEquals("", r.body());
        assertNull(r.retryAfter());
    }

    @Test
    void followsNoRedirect() {
        server.then((r, out, s) -> write(out, "HTTP/1.1 302 Found\r\nLocation: /v3/elsewhere\r\nContent-Length: 0\r\n\r\n"));
        server.then((r, out, s) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails"), Map.of(), null);
        assertEquals(302, r.status());
        assertEquals("/v3/elsewhere", r.location());
        assertEquals(1, server.requests.size());
    }

    @Test
    void noCacheAnswersInsteadOfTheServer() throws IOException {
        ResponseCache before = ResponseCache.getDefault();
        ResponseCache.setDefault(new ResponseCache() {
            @Override
            public CacheResponse get(URI uri, String method, Map<String, List<String>> headers) {
                return new CacheResponse() {
                    @Override
                    public Map<String, List<String>> getHeaders() {
                        return Map.of("", List.of("HTTP/1.1 200 OK"), "Content-Length", List.of("8"));
                    }

                    @Override
                    public InputStream getBody() {
                        return new java.io.ByteArrayInputStream("\"cached\"".getBytes(StandardCharsets.UTF_8));
                    }
                };
            }

            @Override
            public CacheRequest put(URI uri, java.net.URLConnection connection) {
                return null;
            }
        });
        try {
            server.then((r, out, s) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n\"server\""));
            assertEquals("\"server\"", exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails"), Map.of(), null).body());
        } finally {
            ResponseCache.setDefault(before);
        }
    }

    @Test
    void aFourOhOneToAStreamedRequestAnswersItsStatusWithoutBody() {
        String unauthorized = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"okta\"\r\nContent-Length: 26\r\n\r\n"
                + "{\"error\":\"invalid_client\"}";
        server.then((r, out, s) -> write(out, unauthorized));
        server.then((r, out, s) -> write(out, unauthorized));
        HttpExchange.Response post = exchange(Duration.ofSeconds(5)).send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "x=1");
        assertEquals(401, post.status());
        assertEquals("", post.body(), "the JDK drops it (see UrlConnectionTransport)");
        HttpExchange.Response get = exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails"), Map.of(), null);
        assertEquals(401, get.status());
        assertEquals("{\"error\":\"invalid_client\"}", get.body(), "a bodiless request's 401 is read whole");
        assertEquals(2, server.requests.size());
    }

    @Test
    void okIsTwoHundredToTwoNinetyNine() {
        assertFalse(new HttpExchange.Response(199, "", null, null).ok());
        assertTrue(new HttpExchange.Response(200, "", null, null).ok());
        assertTrue(new HttpExchange.Response(299, "", null, null).ok());
        assertFalse(new HttpExchange.Response(300, "", null, null).ok());
    }

    @Test
    void aHeadAnswersWithoutBody() {
        server.then((r, out, s) -> write(out, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 10\r\n\r\n"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("HEAD", server.uri("/"), Map.of(), null);
        assertEquals(405, r.status());
        assertEquals("", r.body());
        assertEquals("HEAD / HTTP/1.1", server.requests.getFirst().line());
    }

    @Test
    void readsTheCharsetTheAnswerNames() {
        byte[] latin = "{\"n\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        server.then((r, out, s) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=ISO-8859-1\r\nContent-Length: " + latin.length + "\r\n\r\n");
            out.write(latin);
        });
        assertEquals("{\"n\":\"caf\u00e9\"}", exchange(Duration.ofSeconds(5)).send("GET", server.uri("/"), Map.of(), null).body());
        assertEquals(StandardCharsets.UTF_8, UrlConnectionTransport.charset(null));
        assertEquals(StandardCharsets.UTF_8, UrlConnectionTransport.charset("application/json"));
        assertEquals(StandardCharsets.UTF_8, UrlConnectionTransport.charset("application/json; charset=no-such-charset"));
        assertEquals(StandardCharsets.UTF_16BE, UrlConnectionTransport.charset("text/plain; CHARSET=\"UTF-16BE\"; q=1"));
        assertEquals(StandardCharsets.ISO_8859_1, UrlConnectionTransport.charset("charset=ISO-8859-1"));
    }

    @Test
    void aPostWhoseAnswerBreaksOffIsSentOnceAndMayHaveBeenProcessed() {
        server.then((r, out, s) -> s.close());   // CC took the refresh token and the answer was lost
        server.then((r, out, s) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(5))
                .send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "grant_type=refresh_token&refresh_token=rt-1"));
        assertTrue(e.maybeProcessed());
        assertEquals(1, server.requests.size(), "the refresh token was presented more than once");
        assertFalse(e.getMessage().contains("rt-1"));
    }

    @Test
    void aGetWhoseAnswerBreaksOffOnceIsReadAgainByTheJdk() {
        server.then((r, out, s) -> s.close());
        server.then((r, out, s) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        HttpExchange.Response r = exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails"), Map.of(), null);
        assertEquals(200, r.status());
        assertEquals(2, server.requests.size());
    }

    @Test
    void aTruncatedBodyFailsAsMaybeProcessed() {
        server.then((r, out, s) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"access_token\":");
            out.flush();
            s.close();
        });
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(5))
                .send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "x=1"));
        assertTrue(e.maybeProcessed());
        assertFalse(e.getMessage().contains("access_token"));
    }

    @Test
    void anAnswerThatIsNotHttpFailsAsMaybeProcessed() {
        server.then((r, out, s) -> {
            write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
            s.close();
        });
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(5))
                .send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "x=1"));
        assertTrue(e.maybeProcessed());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAtTheBoundAndTheConnectionIsClosed() throws InterruptedException {
        CountDownLatch closedByClient = new CountDownLatch(1);
        server.then((r, out, s) -> {
            if (s.getInputStream().read() < 0) {   // blocks until the client closes its end
                closedByClient.countDown();
            }
        });
        HttpExchange bounded = exchange(Duration.ofSeconds(30)).withTimeout(Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(500), bounded.requestTimeout());
        long start = System.nanoTime();
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> bounded
                .send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "x=1"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.maybeProcessed());
        assertTrue(e.getMessage().contains("timed out after 500 ms"), e.getMessage());
        assertTrue(ms < 5_000, "waited " + ms + " ms for a 500 ms bound");
        assertTrue(closedByClient.await(10, TimeUnit.SECONDS), "the abandoned request's connection was left open");
    }

    @Test
    void anInterruptedCallerGetsMaybeProcessedKeepsItsInterruptAndClosesTheConnection() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch closedByClient = new CountDownLatch(1);
        server.then((r, out, s) -> {
            arrived.countDown();
            if (s.getInputStream().read() < 0) {
                closedByClient.countDown();
            }
        });
        AtomicReference<HttpExchange.TransportException> failure = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                exchange(Duration.ofSeconds(30)).send("POST", server.uri("/oauth2/default/v1/token"), Map.of(), "x=1");
            } catch (HttpExchange.TransportException e) {
                failure.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(10_000);
        assertNotNull(failure.get(), "the caller was not released");
        assertTrue(failure.get().maybeProcessed());
        assertTrue(failure.get().getMessage().endsWith("interrupted"), failure.get().getMessage());
        assertEquals(Boolean.TRUE, interrupted.get());
        assertTrue(closedByClient.await(10, TimeUnit.SECONDS), "the interrupted request's connection was left open");
    }

    @Test
    void interruptedWhileWaitingForAPermitSendsNothingAndKeepsTheInterrupt() {
        HttpExchange governed = exchange(Duration.ofSeconds(5)).governedBy(() -> {
            throw new InterruptedException();
        });
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class,
                () -> governed.send("GET", server.uri("/v3/emails"), Map.of(), null));
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
        assertFalse(e.maybeProcessed());
        assertTrue(e.getMessage().endsWith("interrupted before it was sent"), e.getMessage());
        assertEquals(0, server.requests.size());
    }

    @Test
    void aServerThatDribblesIsCutOffAtTheTotalBoundNotPerRead() {
        // a byte every 150 ms: no single read waits for the 1 s read timeout, but the answer never ends within 1 s
        server.then((r, out, s) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n");
            for (int i = 0; i < 200; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(150);
            }
        });
        long start = System.nanoTime();
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(1))
                .send("GET", server.uri("/v3/emails"), Map.of(), null));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("timed out after 1000 ms"), e.getMessage());
        assertTrue(ms < 10_000, "waited " + ms + " ms for a 1 s bound (the dribble lasts 30 s)");
    }

    @Test
    void aRefusedConnectionWasCertainlyNotProcessed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(5))
                .send("POST", URI.create("http://127.0.0.1:" + port + "/oauth2/default/v1/token?code=secret-code"), Map.of(), "x=1"));
        assertFalse(e.maybeProcessed());
        assertTrue(e.getMessage().startsWith("cannot connect to http://127.0.0.1:" + port + "/oauth2/default/v1/token"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-code"));
    }

    @Test
    void anUnknownHostWasCertainlyNotProcessed() {
        HttpExchange.TransportException e = assertThrows(HttpExchange.TransportException.class, () -> exchange(Duration.ofSeconds(5))
                .send("GET", URI.create("http://no-such-host.invalid/v3/emails"), Map.of(), null));
        assertFalse(e.maybeProcessed());
    }

    @Test
    void connectionsAreKeptAlive() {
        for (int i = 0; i < 3; i++) {
            server.then((r, out, s) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(200, exchange(Duration.ofSeconds(5)).send("GET", server.uri("/v3/emails"), Map.of(), null).status());
        }
        assertEquals(3, server.requests.size());
        assertEquals(1, server.connections.size(), "one connection for three requests");
    }

    @Test
    void aBudgetRefusedBeforeSendingSendsNothing() {
        HttpExchange governed = exchange(Duration.ofSeconds(5)).governedBy(() -> {
            throw new IllegalStateException("spent");
        });
        assertThrows(IllegalStateException.class, () -> governed.send("GET", server.uri("/v3/emails"), Map.of(), null));
        assertEquals(0, server.requests.size());
    }

    private static HttpExchange exchange(Duration timeout) {
        return HttpExchange.withDefaults(timeout);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * A loopback server that answers each request with the next script; keeps a connection open between requests
     * (HTTP/1.1 keep-alive) until its script closes it. Records every request and every connection.
     */
    static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final List<Socket> connections = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        ScriptedServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = Thread.ofPlatform().daemon().start(this::accept);
        }

        void then(Script script) {
            scripts.add(script);
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.add(s);
                    Thread.ofPlatform().daemon().start(() -> serve(s));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (!s.isClosed()) {
                    Request r = read(in);
                    if (r == null) {
                        return;
                    }
                    requests.add(r);
                    Script next = scripts.poll();
                    if (next == null) {
                        return;
                    }
                    next.answer(r, out, s);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the test is over
            }
        }

        private static Request read(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    line.reset();
                    if (l.isEmpty()) {
                        break;
                    }
                    lines.add(l);
                } else {
                    line.write(b);
                }
            }
            if (lines.isEmpty()) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h : lines.subList(1, lines.size())) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Request(lines.getFirst(), headers, body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : connections) {
                s.close();
            }
            acceptor.interrupt();
        }
    }
}
