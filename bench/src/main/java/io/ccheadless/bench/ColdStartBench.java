package io.ccheadless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.CcHeadless;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.aws.local.LocalProvisioner;
import io.ccheadless.core.oauth.ClientCredentials;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.obs.Log;
import io.ccheadless.sandbox.CcSandbox;
import io.ccheadless.sandbox.SandboxConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold-start benchmark (run by bench/coldstart.sh). Every function of template.yaml (as coldstart_template.py
 * read it: handler, deployment jar, MemorySize, environment) and the floor (bench/floor) run in fresh JVMs under the
 * Lambda Runtime Interface Emulator with the runtime interface client, as the java25 runtime bootstraps them, against
 * moto (AWS_ENDPOINT_URL) and the CC sandbox in this process. Round after round, one cold start of each function in
 * turn (the order rotates each round): two invocations, then the JVM's peak RSS, then the process is stopped.
 * <p>
 * Init is the RIE's own init report, {@code INIT REPORT(durationMs: …)}: from {@code INIT START}, where the RIE starts
 * the java process, to {@code INIT RTDONE}, the runtime's first poll of /runtime/invocation/next; so JVM start, the
 * runtime client, loading and constructing the handler, priming included if the handler primes in its constructor or
 * static init. (The RIE starts the runtime on the first invoke, and its REPORT line's "Duration" then includes init,
 * so it is not used.) An invocation is the RIE's {@code INVOKE RTDONE(… duration: …ms)}: from handing the event to the
 * runtime to its response. Peak RSS is VmHWM of the java process from /proc, read after the second invocation.
 * Figures only: nothing asserts a time.
 */
public final class ColdStartBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = "default";
    static final String REDIRECT = "http://127.0.0.1:8765/oauth/callback";
    static final Set<String> SCOPES = Set.of("account_read", "campaign_data", "offline_access");
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    static final Pattern INVOKE = Pattern.compile("INVOKE RTDONE\\(status: (\\w+).*duration: ([0-9.]+)ms\\)");
    static final long MB = 1024 * 1024;
    static final Duration KEY_IDLE = Duration.ofSeconds(2);

    record Fn(String name, String handler, Path jar, int memoryMb, int timeoutS, Map<String, String> env) {
    }

    record Run(double initMs, double firstMs, double secondMs, long peakRssKb, String failure) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Path root = Path.of(System.getProperty("coldstart.root", ".")).toAbsolutePath().normalize();
        Path spec = Path.of(System.getProperty("coldstart.functions"));
        String ric = System.getProperty("coldstart.ric");
        String rie = System.getProperty("coldstart.rie", root.resolve(".tools/bin/aws-lambda-rie").toString());
        Path logs = Files.createDirectories(root.resolve("target/coldstart"));
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            System.err.println("coldstart: AWS_ENDPOINT_URL must name moto (bench/coldstart.sh starts one)");
            System.exit(2);
        }
        JsonNode specJson = JSON.readTree(spec.toFile());
        List<Fn> fns = functions(specJson, root);
        String only = System.getProperty("coldstart.only", "");   // a diagnosis: some functions only (comma-separated names)
        if (!only.isBlank()) {
            Set<String> names = Set.of(only.split(","));
            fns.removeIf(f -> !names.contains(f.name()));
        }
        // a diagnosis: a function again with more JVM options (NAME:OPTIONS, ';' between several), measured beside it
        for (String v : System.getProperty("coldstart.variants", "").split(";")) {
            int colon = v.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = v.substring(0, colon);
            String options = v.substring(colon + 1).trim();
            Fn f = fns.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no function " + name + " to vary"));
            Map<String, String> env = new LinkedHashMap<>(f.env());
            env.merge("JAVA_TOOL_OPTIONS", options, (a, b) -> a + " " + b);
            fns.add(new Fn(name + " " + options, f.handler(), f.jar(), f.memoryMb(), f.timeoutS(), env));
        }
        // a diagnosis: a function again from another build of its jar (NAME=JAR, ';' between several), measured beside it
        for (String v : System.getProperty("coldstart.jars", "").split(";")) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = v.substring(0, eq);
            Path jar = root.resolve(v.substring(eq + 1).trim());
            Fn f = fns.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no function " + name + " to compare"));
            fns.add(new Fn(name + " jar=" + jar.getFileName(), f.handler(), jar, f.memoryMb(), f.timeoutS(), f.env()));
        }
        List<Fn> generic = genericFloors(specJson, root);
        for (Fn f : fns) {
            if (!Files.isRegularFile(f.jar())) {
                throw new IllegalStateException(f.name() + ": deployment jar " + f.jar() + " is missing");
            }
        }

        try (CcSandbox cc = CcSandbox.start(SandboxConfig.builder().campaigns(40).tokenEndpointRateLimit(false).build())) {
            Map<String, String> resources = resources(endpoint, cc);
            Settings settings = Settings.fromEnvironment(resources);
            try (AwsClients aws = AwsClients.create(settings)) {
                LocalProvisioner.provision(aws, settings, new ClientCredentials(cc.clientId(), Secret.of(cc.clientSecret())));
                try (var sqs = AwsClients.sqs(settings, Duration.ofSeconds(10))) {   // the dispatcher's queue
                    resources.put("SYNC_QUEUE_URL", LocalProvisioner.syncQueues(sqs, resources.get("STATE_TABLE") + "-sync", 3, 300).queueUrl());
                }
                CcHeadless app = new CcHeadless(settings, aws, Clock.systemUTC(), new Log(l -> { }, Clock.systemUTC(), "bench"),
                        "coldstart");
                String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, SCOPES, null);
                app.connectWithCode(TENANT, code, REDIRECT, null, Instant.now().plusSeconds(60));
                app.scheduledSync().run(TENANT, Instant.now().plus(Duration.ofMinutes(2)));   // the store holds campaigns
                Events events = new Events(root, app, cc);
                // The internal API's sample caller (events/campaigns-api-recent.json) may read the tenant, as an operator grants.
                String caller = JSON.readTree(root.resolve("events/campaigns-api-recent.json").toFile())
                        .at("/requestContext/authorizer/iam/userArn").asText();
                app.callerGrants().grant(io.ccheadless.core.access.Principals.canonical(caller).orElseThrow(), TENANT);

                // Each function's floor makes the calls the function's first invocation makes: record them once.
                Map<String, List<String>> recorded = new LinkedHashMap<>();
                try (CallRecorder recorder = new CallRecorder(URI.create(endpoint))) {
                    Map<String, String> forwarded = new HashMap<>(resources);
                    forwarded.put("CC_API_BASE_URL", recorder.forwardTo(cc.baseUri(), "cc-api").toString());
                    forwarded.put("CC_AUTH_BASE_URL", recorder.forwardTo(cc.authBaseUri(), "cc-auth").toString());
                    // This RIE runs init when the first invoke arrives, inside the recorded window: record without
                    // priming, whose calls belong to init. Priming forgets what it cached, so the calls are the same.
                    forwarded.put("PRIME_ON_INIT", "false");
                    for (Fn f : fns) {
                        List<List<String>> calls = new ArrayList<>();
                        Run r = coldStart(f, forwarded, rie, ric, events, logs.resolve(f.name() + "-recording.log"), new Observer() {
                            @Override
                            public void beforeFirst() throws IOException, InterruptedException {
                                recorder.start();
                            }

                            @Override
                            public void afterFirst() throws IOException, InterruptedException {
                                calls.add(recorder.stop());
                            }
                        });
                        if (r.failure() != null || calls.isEmpty()) {
                            throw new IllegalStateException(f.name() + ": recording its calls failed: " + r.failure());
                        }
                        recorded.put(f.name(), calls.getFirst());
                    }
                }
                List<Fn> measured = withFloors(fns, recorded, generic);
                System.out.println("coldstart: the calls each function's first invocation makes (its floor makes the same):");
                recorded.forEach((name, calls) -> System.out.printf("  %-22s %s%n", name, summary(calls)));

                Map<String, List<Run>> results = new LinkedHashMap<>();
                measured.forEach(f -> results.put(f.name(), new ArrayList<>()));
                System.out.printf("coldstart: %d functions and floors, %d cold starts each, alternating; RIE %s; %s%n", measured.size(), runs,
                        rie, load());
                for (int round = 0; round < runs; round++) {
                    for (int i = 0; i < measured.size(); i++) {
                        Fn f = measured.get((i + round) % measured.size());
                        Run r = coldStart(f, resources, rie, ric, events, logs.resolve(f.name().replaceAll("\\W+", "_") + "-" + round + ".log"),
                                Observer.NONE);
                        results.get(f.name()).add(r);
                        if (r.failure() != null) {
                            System.err.printf("coldstart: %s round %d: %s%n", f.name(), round + 1, r.failure());
                        }
                    }
                    System.out.printf("  round %d/%d done%n", round + 1, runs);
                }
                print(measured, results, runs);
                System.out.printf("%ncoldstart: done; %s%n", load());
            }
        }
    }

    /** The template's functions. */
    static List<Fn> functions(JsonNode spec, Path root) {
        List<Fn> fns = new ArrayList<>();
        for (JsonNode f : spec.path("functions")) {
            fns.add(new Fn(f.path("name").asText(), f.path("handler").asText(), root.resolve(f.path("jar").asText()),
                    f.path("memory_mb").asInt(), f.path("timeout_s").asInt(), env(f.path("environment"))));
        }
        return fns;
    }

    static final String FLOOR_JAR = "bench/floor/target/cch-coldstart-floor-0.1.0-SNAPSHOT-lambda.jar";
    static final String FLOOR_HANDLER = "io.ccheadless.bench.floor.FloorHandler::handleRequest";

    /** The generic floor twice, with the template's globals: primed in init, and not; its calls are the two every token caller makes first. */
    static List<Fn> genericFloors(JsonNode spec, Path root) {
        JsonNode g = spec.path("globals");
        Map<String, String> primed = env(g.path("environment"));
        primed.put("FLOOR_PRIME", "true");
        Map<String, String> unprimed = env(g.path("environment"));
        unprimed.put("FLOOR_PRIME", "false");
        Path jar = root.resolve(FLOOR_JAR);
        return List.of(new Fn(FLOOR, FLOOR_HANDLER, jar, g.path("memory_mb").asInt(), g.path("timeout_s").asInt(), primed),
                new Fn("floor (not primed)", FLOOR_HANDLER, jar, g.path("memory_mb").asInt(), g.path("timeout_s").asInt(), unprimed));
    }

    /**
     * The functions, each followed by its own floor ({@code floor: Name}: the function's MemorySize and environment,
     * primed, making the calls recorded from the function's first invocation), then the two generic floors.
     */
    static List<Fn> withFloors(List<Fn> fns, Map<String, List<String>> recorded, List<Fn> generic) {
        List<Fn> all = new ArrayList<>();
        for (Fn f : fns) {
            all.add(f);
            Map<String, String> env = new LinkedHashMap<>(f.env());
            env.put("FLOOR_PRIME", "true");
            env.put("FLOOR_CALLS", String.join(";", recorded.get(f.name())));
            env.put("FLOOR_REDIRECT_URI", REDIRECT);   // for the callback's floor's own code exchange
            all.add(new Fn(floorOf(f), FLOOR_HANDLER, generic.getFirst().jar(), f.memoryMb(), f.timeoutS(), env));
        }
        all.addAll(generic);
        return all;
    }

    static final String FLOOR_PREFIX = "floor: ";

    static String floorOf(Fn f) {
        return FLOOR_PREFIX + f.name();
    }

    /** {@code dynamodb:UpdateItem ×3, cc-api:GET /v3/emails ×1, …} in order of first appearance, queries left out. */
    static String summary(List<String> calls) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : calls) {
            int q = c.indexOf('?');
            int bar = c.indexOf('|');   // a DynamoDB request's body (CallRecorder.dynamoRequest)
            int end = q >= 0 ? q : bar >= 0 ? bar : c.length();
            counts.merge(c.substring(0, end), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((c, n) -> parts.add(c + " x" + n));
        return calls.size() + " calls: " + String.join(", ", parts);
    }

    static final String FLOOR = "floor (primed)";

    static Map<String, String> env(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The template's stateful resources on moto (names from the emulator stack's outputs) and the sandbox's URLs. */
    static Map<String, String> resources(String endpoint, CcSandbox cc) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("CC_AUTH_BASE_URL", cc.authBaseUri().toString());
        env.put("CC_API_BASE_URL", cc.baseUri().toString());
        env.put("DEFAULT_TENANT", TENANT);
        return new HashMap<>(LocalProvisioner.deploy(env, "coldstart-" + id));   // template.yaml's resources
    }

    /** Told just before and just after a cold start's first invocation (its event is built before). */
    interface Observer {
        Observer NONE = new Observer() {
        };

        default void beforeFirst() throws IOException, InterruptedException {
        }

        default void afterFirst() throws IOException, InterruptedException {
        }
    }

    /** One fresh RIE and JVM: two invocations, the peak RSS, stop. */
    static Run coldStart(Fn f, Map<String, String> resources, String rie, String ric, Events events, Path log, Observer observer)
            throws IOException, InterruptedException {
        int invokePort = freePort();
        int runtimePort = freePort();
        List<String> cmd = new ArrayList<>(List.of(rie, "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + runtimePort,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(runtimeJvmOptions(f.memoryMb()));
        String extra = System.getProperty("coldstart.jvm", "");   // a diagnosis: more JVM options, e.g. -Xlog:class+load
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", f.jar() + java.io.File.pathSeparator + ric, RIC_MAIN, f.handler()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.equals("LANG"));
        env.putAll(f.env());
        env.putAll(resources);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", "testing");
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.name().replaceAll("\\W+", ""));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(f.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(f.timeoutS()));
        Process p = pb.start();
        try {
            awaitListening(p, invokePort);
            URI invoke = URI.create("http://127.0.0.1:" + invokePort + "/2015-03-31/functions/function/invocations");
            try (HttpClient http = HttpClient.newHttpClient()) {
                String event = events.forFunction(f.name());
                // A container starts after its key has been idle, not right behind the previous run's CC calls: let the
                // API key's governor timeline (token endpoint slots 1.5 s apart) drain, so no first invocation waits for it.
                Thread.sleep(KEY_IDLE.toMillis());
                observer.beforeFirst();
                HttpResponse<String> first = invoke(http, invoke, event);
                observer.afterFirst();
                String failure = check(f, first);
                String second = check(f, invoke(http, invoke, events.forFunction(f.name())));
                failure = failure != null ? failure : second;
                long rss = peakRssKb(p);
                String out = Files.readString(log);
                Matcher init = INIT.matcher(out);
                Matcher inv = INVOKE.matcher(out);
                List<Double> invocations = new ArrayList<>();
                while (inv.find()) {
                    if (!"success".equals(inv.group(1)) && failure == null) {
                        failure = "the runtime reported " + inv.group(1) + "; see " + log;
                    }
                    invocations.add(Double.parseDouble(inv.group(2)));
                }
                if (!init.find() || invocations.size() < 2) {
                    return new Run(Double.NaN, Double.NaN, Double.NaN, rss, "no INIT REPORT or fewer than 2 INVOKE RTDONE; see " + log);
                }
                return new Run(Double.parseDouble(init.group(1)), invocations.get(0), invocations.get(1), rss, failure);
            }
        } finally {
            // The runtime first, and let it exit before the RIE (which would SIGKILL it): a profiler attached with
            // COLDSTART_JVM writes its output at the JVM's exit.
            List<ProcessHandle> runtime = p.descendants().toList();
            runtime.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : runtime) {
                try {
                    h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
            p.destroy();
            p.waitFor();
        }
    }

    /**
     * What the java25 managed runtime's launcher adds for a function's MemorySize (approximated: heap at 85 % of
     * the memory, serial GC, CDS on); the template's JAVA_TOOL_OPTIONS come in through the environment.
     */
    static List<String> runtimeJvmOptions(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC", "-Xshare:auto");
    }

    static HttpResponse<String> invoke(HttpClient http, URI uri, String event) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Null if the invocation did what it should; else what went wrong (the figures of such a run are not comparable). */
    static String check(Fn f, HttpResponse<String> r) {
        String body = r.body();
        if (r.statusCode() != 200 || body.contains("\"errorMessage\"")) {
            return "invocation failed (" + r.statusCode() + "): " + cut(body);
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n.has("statusCode") && n.path("statusCode").asInt() != 200) {
                return "answered HTTP " + n.path("statusCode").asInt() + ": " + cut(n.path("body").asText());
            }
        } catch (IOException e) {
            return "answer is not JSON: " + cut(body);
        }
        return null;
    }

    static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    static long peakRssKb(Process rie) {
        for (ProcessHandle h : rie.descendants().toList()) {
            if (h.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(h.pid()), "status"))) {
                        if (line.startsWith("VmHWM:")) {
                            return Long.parseLong(line.replaceAll("\\D+", ""));
                        }
                    }
                } catch (IOException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The machine's load while measuring: the figures compare functions with the floor of the same run, not across runs. */
    static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format("%d CPUs, load average %s %s %s", Runtime.getRuntime().availableProcessors(), l[0], l[1], l[2]);
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors() + " CPUs";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(Process p, int port) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("aws-lambda-rie exited with " + p.exitValue());
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("aws-lambda-rie did not listen on port " + port);
    }

    /** The payload each function gets; the callback's carries a freshly minted state and the code CC gave for it. */
    static final class Events {
        private final Path root;
        private final CcHeadless app;
        private final CcSandbox cc;

        Events(Path root, CcHeadless app, CcSandbox cc) {
            this.root = root;
            this.app = app;
            this.cc = cc;
        }

        String forFunction(String name) throws IOException, InterruptedException {
            // a variant ("SyncFunction -Dx=y") gets its function's event; the callback's floor one with a code of
            // its own, freshly issued, which it exchanges as the callback exchanges its own
            if (name.startsWith(FLOOR_PREFIX + "CallbackFunction")) {
                return floorCallback();
            }
            return switch (name.split(" ")[0]) {
                case "SyncFunction", "KeepAliveFunction", "DispatchFunction" -> read("scheduled-sync.json");
                case "CampaignsApiFunction" -> read("campaigns-api-recent.json");
                case "TokenApiFunction" -> tokenRoute();
                case "CallbackFunction" -> callback();
                default -> "{\"tenant\": \"" + TENANT + "\"}";
            };
        }

        private String read(String event) throws IOException {
            return Files.readString(root.resolve("events").resolve(event));
        }

        /** The campaigns route's sample (IAM identity included) pointed at GET /tenants/default/token. */
        private String tokenRoute() throws IOException {
            ObjectNode n = (ObjectNode) JSON.readTree(read("campaigns-api-recent.json"));
            n.put("routeKey", "GET /tenants/{tenant}/token");
            n.put("rawPath", "/tenants/" + TENANT + "/token");
            n.put("rawQueryString", "");
            n.remove("queryStringParameters");
            ObjectNode rc = (ObjectNode) n.path("requestContext");
            rc.put("routeKey", "GET /tenants/{tenant}/token");
            ((ObjectNode) rc.path("http")).put("path", "/tenants/" + TENANT + "/token");
            return n.toString();
        }

        /** events/callback-success.json with the code and state a browser brings back from CC's consent. */
        private String callback() throws IOException, InterruptedException {
            URI link = app.authorization().begin(TENANT, URI.create(REDIRECT)).url();
            Map<String, String> q;
            try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
                String location = r.headers().firstValue("Location").orElseThrow(() ->
                        new IllegalStateException("sandbox consent answered " + r.statusCode() + " without a redirect"));
                q = query(URI.create(location).getRawQuery());
            }
            return callbackEvent(q.get("code"), q.get("state"));
        }

        /** events/callback-success.json carrying {@code code} and {@code state}. */
        private String callbackEvent(String code, String state) throws IOException {
            ObjectNode n = (ObjectNode) JSON.readTree(read("callback-success.json"));
            ObjectNode params = JSON.createObjectNode();
            params.put("code", code);
            params.put("state", state);
            n.set("queryStringParameters", params);
            n.put("rawQueryString", "code=" + code + "&state=" + state);
            return n.toString();
        }

        /**
         * The callback's event for its floor: a code the sandbox issued for the app's client and the bench's redirect
         * URI, without PKCE (the floor has no state item to read a verifier from: CC's side of the exchange lacks only
         * one SHA-256), and a state nobody minted (the floor reads none).
         */
        private String floorCallback() throws IOException {
            return callbackEvent(cc.issueAuthorizationCode(cc.clientId(), REDIRECT, SCOPES, null), "floor");
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> m = new HashMap<>();
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
            return m;
        }
    }

    // ------------------------------------------------------------------ the table

    static void print(List<Fn> fns, Map<String, List<Run>> results, int runs) throws IOException {
        System.out.println();
        System.out.printf("Cold starts under the RIE, %d per function, median (min-max); fresh JVM each, template JVM options%n", runs);
        String fmt = "%-30s %17s %18s %11s %15s %9s %8s %s%n";
        System.out.printf(fmt, "function", "init ms", "1st invocation ms", "2nd inv. ms", "init + 1st ms", "peak RSS", "jar", "");
        for (Fn f : fns) {
            Stats s = Stats.of(results.get(f.name()));
            System.out.printf(fmt, f.name(), s.init().range(), s.first().range(), s.second().median1(), s.cold().median1(),
                    String.format("%.0f MB", s.rssMb()), String.format("%.1f MB", Files.size(f.jar()) / (double) MB),
                    s.failures() == 0 ? "" : s.failures() + " of " + runs + " runs failed (see target/coldstart/)");
        }
        System.out.println();
        System.out.println("Against the targets (medians; each function against its own floor, 'floor: <function>', which makes");
        System.out.println("the same calls as the function's first invocation, primed in init):");
        String tfmt = "%-22s %26s %26s %18s%n";
        System.out.printf(tfmt, "function", "1st inv. / floor (<= 1.3)", "init / floor (<= 1.6)", "jar (<= 15 MB)");
        for (Fn f : fns) {
            if (f.name().startsWith("floor")) {
                continue;
            }
            Stats s = Stats.of(results.get(f.name()));
            Stats floor = Stats.of(results.get(floorOf(f)));
            double first = s.first().median() / floor.first().median();
            double init = s.init().median() / floor.init().median();
            double jarMb = Files.size(f.jar()) / (double) MB;
            System.out.printf(tfmt, f.name(), verdict(first, 1.3), verdict(init, 1.6),
                    String.format("%.1f MB %s", jarMb, jarMb <= 15 ? "met" : "over"));
        }
        Stats generic = Stats.of(results.get(FLOOR));
        System.out.printf("(the generic '%s', two calls only: %.0f ms init, %.0f ms first invocation)%n", FLOOR,
                generic.init().median(), generic.first().median());
    }

    static String verdict(double ratio, double target) {
        return String.format("%.2f %s", ratio, ratio <= target ? "met" : "over");
    }

    record Series(List<Double> values) {
        double median() {
            List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
            if (v.isEmpty()) {
                return Double.NaN;
            }
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        String range() {
            List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
            return v.isEmpty() ? "-" : String.format("%.0f (%.0f-%.0f)", median(), v.getFirst(), v.getLast());
        }

        String median1() {
            return String.format("%.0f", median());
        }
    }

    /** {@code cold}: init plus first invocation of each run, what the first caller of a new container waits for. */
    record Stats(Series init, Series first, Series second, Series cold, double rssMb, int failures) {
        static Stats of(List<Run> runs) {
            List<Run> ok = runs.stream().filter(r -> r.failure() == null).toList();
            Supplier<Series> rss = () -> new Series(ok.stream().map(r -> r.peakRssKb() / 1024.0).toList());
            return new Stats(new Series(ok.stream().map(Run::initMs).toList()), new Series(ok.stream().map(Run::firstMs).toList()),
                    new Series(ok.stream().map(Run::secondMs).toList()), new Series(ok.stream().map(r -> r.initMs() + r.firstMs()).toList()),
                    rss.get().median(), runs.size() - ok.size());
        }
    }
}
