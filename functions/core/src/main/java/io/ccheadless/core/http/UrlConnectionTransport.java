package io.ccheadless.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's {@link HttpURLConnection}: the HTTP stack (and TLS classes) the AWS SDK's url-connection client already
 * loads in every function, so talking to CC costs no second one (java.net.http's client cost the keep-alive's and the
 * token API's init 154–285 ms more, same-run A/B; README, "Cold starts"). Connections are kept alive and TLS
 * sessions resumed by the JDK.
 * <p>
 * Each exchange runs on a pooled daemon thread while the caller waits at most {@code timeout}: then the connection is
 * disconnected and the caller told {@link SocketTimeoutException}, however the server dribbles its answer (the JDK
 * may drain what is left of a dribbled answer in its background cleaner before closing or reusing the connection;
 * the read timeout, set to the same bound, ends a worker whose server went silent).
 * <p>
 * A request with a body is sent in fixed-length streaming mode, which the JDK never re-sends on its own (in its
 * default mode it re-sends a POST once when the answer breaks off: a refresh token presented twice). The price: the
 * JDK drops the body of a 401 to such a request, so it answers 401 with an empty body. A bodiless request (GET, HEAD)
 * the JDK may re-send once when its answer breaks off before the status line; they are reads.
 */
public final class UrlConnectionTransport implements Transport {
    /** The one of every container: the connections it keeps alive are the JDK's, shared anyway. */
    public static final UrlConnectionTransport INSTANCE = new UrlConnectionTransport();
    static final Duration CONNECT = Duration.ofSeconds(5);

    private final ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "cch-http");
                t.setDaemon(true);
                return t;
            });

    private UrlConnectionTransport() {
    }

    @Override
    public HttpExchange.Response exchange(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();   // nothing on the wire yet
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        byte[] out = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (out != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(out.length);
        }
        int millis = (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
        c.setConnectTimeout(Math.min(millis, (int) CONNECT.toMillis()));
        c.setReadTimeout(millis);
        Future<HttpExchange.Response> call = workers.submit(() -> exchange(c, out));
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(c, call);
            throw new SocketTimeoutException("no whole answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            abort(c, call);
            throw e;
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause().getClass().getSimpleName(), e.getCause());
            }
        }
    }

    private static HttpExchange.Response exchange(HttpURLConnection c, byte[] out) throws IOException {
        c.connect();   // a failure here: nothing was sent
        try {
            if (out != null) {
                try (OutputStream os = c.getOutputStream()) {
                    os.write(out);
                }
            }
            int status = c.getResponseCode();
            if (status < 0) {
                throw new ProtocolException("the answer is not HTTP");
            }
            String text = read(status >= 400 ? c.getErrorStream() : c.getInputStream(), c.getContentType());
            return new HttpExchange.Response(status, text, c.getHeaderField("Retry-After"), c.getHeaderField("Location"));
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            // the JDK's own reconnect, after the request may have been sent: not "nothing was sent"
            throw new SocketException("the connection was lost after sending (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String read(InputStream in, String contentType) throws IOException {
        if (in == null) {
            // An error status without a body, or a 401 to a streamed request, whose body the JDK drops unread (it
            // would have to re-send the request to authenticate). At a token endpoint a 401 means invalid_client.
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), charset(contentType));
        }
    }

    /** The charset a Content-Type names, else UTF-8 (as java.net.http's string handler reads). */
    static Charset charset(String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = contentType.substring(at + "charset=".length()).split(";", 2)[0].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Closes the connection under the worker (the JDK then re-sends nothing) and stops waiting for it. */
    private static void abort(HttpURLConnection c, Future<?> call) {
        c.disconnect();
        call.cancel(true);
    }
}
