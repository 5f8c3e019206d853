package io.ccheadless.harness;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.core.token.TokenPointer;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator: one CC sandbox (in this process, on a port), fresh resources on the AWS emulator, a
 * tenant connected at generation 1, and redeemer processes ({@link HarnessWorker}) started on demand.
 */
public final class Harness implements AutoCloseable {
    public static final String TENANT = "default";
    private static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";

    public final CcSandbox cc;
    public final Map<String, String> env;
    private final AwsClients aws;
    private final CcHeadless app;
    private final int leaseSeconds;
    private final Path logDir;
    private final List<Worker> workers = new ArrayList<>();

    private Harness(CcSandbox cc, Map<String, String> env, AwsClients aws, CcHeadless app, int leaseSeconds, Path logDir) {
        this.cc = cc;
        this.env = env;
        this.aws = aws;
        this.app = app;
        this.leaseSeconds = leaseSeconds;
        this.logDir = logDir;
    }

    /** @param awsEndpoint moto's (or LocalStack's) URL */
    public static Harness start(SandboxConfig config, String awsEndpoint, int leaseSeconds, Path logDir) {
        CcSandbox cc = CcSandbox.start(config);
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", awsEndpoint);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("CC_AUTH_BASE_URL", cc.authBaseUri().toString());
        env.put("CC_API_BASE_URL", cc.baseUri().toString());
        env = new HashMap<>(LocalProvisioner.deploy(env, "h-" + id));   // template.yaml's resources, names from outputs
        Settings s = Settings.fromEnvironment(env);
        AwsClients aws = AwsClients.create(s);
        LocalProvisioner.provision(aws, s, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
        CcHeadless app = new CcHeadless(s, aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "harness"), "harness");
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data", "offline_access"), null);
        app.connectWithCode(TENANT, code, REDIRECT, null, Instant.now().plusSeconds(60));
        return new Harness(cc, env, aws, app, leaseSeconds, logDir);
    }

    /** Moves CC's (and every worker's next command's) clock forward. */
    public void advance(Duration d) {
        cc.clock().advance(d);
    }

    /** What workers add to system time to read the sandbox's time. */
    public long offsetMillis() {
        return cc.clock().now().toEpochMilli() - System.currentTimeMillis();
    }

    public TokenPointer pointer() {
        return app.tokens().pointer(TENANT).orElseThrow();
    }

    public Worker spawn(int threads) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String name = "worker-" + workers.size();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), HarnessWorker.class.getName());
        pb.environment().putAll(env);
        pb.environment().put("HARNESS_THREADS", Integer.toString(threads));
        pb.environment().put("HARNESS_LEASE_SECONDS", Integer.toString(leaseSeconds));
        pb.redirectError(logDir.resolve(name + ".err").toFile());
        Worker w = new Worker(pb.start(), name);
        workers.add(w);
        String ready = w.read(Duration.ofSeconds(60));
        if (!"ready".equals(ready)) {
            throw new IllegalStateException(name + " did not start: " + ready + " (see " + logDir.resolve(name + ".err") + ")");
        }
        return w;
    }

    @Override
    public void close() {
        workers.forEach(Worker::kill);
        aws.close();
        cc.close();
    }

    /** One redeemer process, driven over stdin/stdout. */
    public static final class Worker {
        private final Process process;
        private final String name;
        private final PrintStream in;
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

        Worker(Process process, String name) {
            this.process = process;
            this.name = name;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.put(l);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // process ended
                }
            }, name + "-reader");
            reader.setDaemon(true);
            reader.start();
        }

        public void send(String command) {
            in.println(command);
        }

        public String read(Duration timeout) {
            try {
                String l = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (l == null) {
                    throw new IllegalStateException(name + " said nothing within " + timeout + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
                }
                return l;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hooks, no finally blocks. */
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public long pid() {
            return process.pid();
        }
    }

}
