package io.ccheadless.aws.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A packaged function jar running under the AWS Lambda Runtime Interface Emulator (aws-lambda-rie, built
 * by setup-tools.sh, path in CCH_RIE) with the Lambda Java runtime interface client — the same bootstrap
 * as the java25 managed runtime, minus the container.
 */
public final class RieFunction implements AutoCloseable {
    private final Process process;
    private final URI invokeUri;
    private final HttpClient http = HttpClient.newHttpClient();

    private RieFunction(Process process, int port) {
        this.process = process;
        this.invokeUri = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
    }

    public static String rie() {
        String rie = System.getenv("CCH_RIE");
        if (rie == null || !new File(rie).canExecute()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CCH_RIE does not name the aws-lambda-rie binary: run infrastructure/scripts/test-all.sh");
            }
            Assumptions.abort("skipped: no Runtime Interface Emulator (CCH_RIE unset); infrastructure/scripts/test-all.sh builds one");
        }
        return rie;
    }

    /** Starts {@code handler} from {@code functionJar}; RIE's and the function's output go to {@code log}. */
    public static RieFunction start(Path functionJar, String handler, Map<String, String> env, Path log) throws IOException {
        String rie = rie();
        if (!Files.isRegularFile(functionJar)) {
            throw new IllegalStateException("function jar " + functionJar + " is missing: run mvnw verify (the package phase builds it)");
        }
        String runtimeClient = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client") || p.contains("aws-lambda-java-serialization"))
                .collect(Collectors.joining(File.pathSeparator));
        int port;
        int runtimePort;
        try (ServerSocket s = new ServerSocket(0); ServerSocket r = new ServerSocket(0)) {
            port = s.getLocalPort();
            runtimePort = r.getLocalPort();
        }
        // RIE's runtime API listens on 127.0.0.1:9001 unless told otherwise: a free port, so that RIE tests of
        // other builds on the same machine do not collide with this one.
        List<String> cmd = new ArrayList<>(List.of(rie, "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + runtimePort,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", functionJar + File.pathSeparator + runtimeClient,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "testing");
        pb.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "testing");
        pb.environment().put("AWS_LAMBDA_FUNCTION_TIMEOUT", "120");
        RieFunction f = new RieFunction(pb.start(), port);
        f.awaitListening(port);
        return f;
    }

    private void awaitListening(int port) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try (var ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("aws-lambda-rie exited with " + process.exitValue());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("aws-lambda-rie did not listen on port " + port);
    }

    public record Invocation(int status, String body) {
    }

    public Invocation invoke(String event) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(invokeUri).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        return new Invocation(r.statusCode(), r.body());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
