package io.ccheadless.aws.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.config.Settings;
import io.ccheadless.core.oauth.ClientCredentials;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stands up, on an AWS-protocol emulator (moto), what template.yaml creates in AWS — from template.yaml itself,
 * never from a copy: {@code infrastructure/scripts/emulator-stack.py} SAM-translates the template, keeps its
 * stateful resources (tables, secrets, bus, topic, queues, alarms, chosen by type, so new ones come along) and
 * deploys them as a stack through moto's CloudFormation; the names are read from the stack's outputs.
 * {@link #provision} then does what the operator does after a deploy: sets the client credentials.
 * Never used against real AWS — there, {@code sam deploy} does this.
 */
public final class LocalProvisioner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalProvisioner() {
    }

    /**
     * Deploys (or, if it exists, reads) emulator stack {@code stackName} at {@code env}'s AWS_ENDPOINT_URL and
     * answers {@code env} with the resource names the functions read (STATE_TABLE, CAMPAIGNS_TABLE,
     * TOKEN_SECRET_PREFIX, CLIENT_SECRET_ID, EVENT_BUS_NAME) taken from the stack's outputs.
     */
    public static Map<String, String> deploy(Map<String, String> env, String stackName) {
        String endpoint = env.get("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("the emulator stack needs AWS_ENDPOINT_URL (an emulator, never real AWS)");
        }
        Map<String, String> outputs = outputs(endpoint, env.getOrDefault("AWS_REGION", "us-east-1"), stackName,
                Map.of("TenantId", env.getOrDefault("DEFAULT_TENANT", "default")));
        Map<String, String> named = new HashMap<>(env);
        named.put("STATE_TABLE", required(outputs, "StateTableName"));
        named.put("CAMPAIGNS_TABLE", required(outputs, "CampaignsTableName"));
        named.put("TOKEN_SECRET_PREFIX", required(outputs, "TokenSecretPrefix"));
        named.put("CLIENT_SECRET_ID", required(outputs, "ClientCredentialsSecretArn"));
        named.put("EVENT_BUS_NAME", required(outputs, "EventBusName"));
        if (outputs.containsKey("SyncQueueUrl")) {
            named.put("SYNC_QUEUE_URL", outputs.get("SyncQueueUrl"));
        }
        return named;
    }

    /**
     * The stack's outputs, as emulator-stack.py answers them. One {@code emulator-stack.py serve} process per JVM does
     * every deploy (the SAM translator imported and the template translated once); it is started on first use and
     * again if it died.
     */
    public static Map<String, String> outputs(String endpoint, String region, String stackName, Map<String, String> parameters) {
        Path root = repositoryRoot();
        var request = JSON.createObjectNode().put("path", root.resolve("template.yaml").toString())
                .put("endpoint", endpoint).put("region", region).put("stack", stackName);
        var params = request.putObject("parameters");
        parameters.forEach(params::put);
        JsonNode answer = StackServer.ask(root, request.toString(), stackName);
        if (answer.has("error")) {
            throw new IllegalStateException("emulator-stack.py failed for stack " + stackName + ": " + answer.get("error").asText());
        }
        Map<String, String> outputs = new HashMap<>();
        answer.path("outputs").properties().forEach(e -> outputs.put(e.getKey(), e.getValue().asText()));
        return outputs;
    }

    /** The JVM's one {@code emulator-stack.py serve} process: a request a line, an answer a line. */
    private static final class StackServer {
        private static final String ANSWER = "emulator-stack: ";
        private static final long TIMEOUT_SECONDS = 120;
        private static Process process;
        private static BufferedWriter requests;
        private static BufferedReader answers;
        private static Path errors;

        static synchronized JsonNode ask(Path root, String request, String stackName) {
            try {
                if (process == null || !process.isAlive()) {
                    start(root);
                }
                requests.write(request);
                requests.newLine();
                requests.flush();
                String line = readAnswer();
                if (line == null) {
                    String why = Files.readString(errors, StandardCharsets.UTF_8).strip();
                    process.destroyForcibly();
                    process = null;
                    throw new IllegalStateException("emulator-stack.py ended while deploying stack " + stackName + ": " + why);
                }
                return JSON.readTree(line.substring(ANSWER.length()));
            } catch (IOException e) {
                if (process != null) {
                    process.destroyForcibly();
                    process = null;
                }
                throw new IllegalStateException("running emulator-stack.py: " + e.getMessage(), e);
            }
        }

        /** The next answer line (other output, a library's notice say, is skipped); null if the process ended. */
        private static String readAnswer() throws IOException {
            var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                        if (line.startsWith(ANSWER)) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                return reading.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                process = null;
                throw new IOException("no answer in " + TIMEOUT_SECONDS + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        private static void start(Path root) throws IOException {
            Path python = root.resolve(".tools/venv/bin/python");
            if (!Files.isExecutable(python)) {
                throw new IllegalStateException(python + " not found: run infrastructure/scripts/setup-tools.sh first");
            }
            errors = Files.createTempFile("emulator-stack", ".err");
            errors.toFile().deleteOnExit();
            process = new ProcessBuilder(python.toString(), root.resolve("infrastructure/scripts/emulator-stack.py").toString(),
                    "serve").redirectError(errors.toFile()).start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "emulator-stack-stop"));
        }
    }

    /** The operator's step after a deploy: the client credentials go into the stack's client secret. */
    public static void provision(AwsClients aws, Settings s, ClientCredentials client) {
        String credentials = JSON.createObjectNode().put("client_id", client.clientId())
                .put("client_secret", client.clientSecret().reveal()).toString();
        aws.secrets().putSecretValue(b -> b.secretId(s.clientSecretId()).secretString(credentials));
    }

    /** CCH_REPO_ROOT, else the nearest directory up from the working directory that holds template.yaml. */
    static Path repositoryRoot() {
        String configured = System.getenv("CCH_REPO_ROOT");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("template.yaml")) && Files.isRegularFile(d.resolve("infrastructure/scripts/emulator-stack.py"))) {
                return d;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath()
                + ": run from the repository (or set CCH_REPO_ROOT)");
    }

    private static String required(Map<String, String> outputs, String key) {
        String v = outputs.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("the emulator stack has no output " + key + " (template.yaml's Outputs)");
        }
        return v;
    }

    // ---- issue 14: the sync queue and its dead-letter queue (template.yaml: SyncQueue, SyncDeadLetterQueue) ----

    /** The queue URLs {@link #syncQueues} created. */
    public record SyncQueues(String queueUrl, String deadLetterUrl) {
    }

    /**
     * Creates the sync queue named {@code name} and its dead-letter queue {@code name-dlq}, with the template's redrive
     * policy ({@code maxReceiveCount}) and a visibility timeout of {@code visibilitySeconds}. Idempotent.
     */
    public static SyncQueues syncQueues(SqsClient sqs, String name, int maxReceiveCount, int visibilitySeconds) {
        String dlq = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + maxReceiveCount + "\"}"))).queueUrl();
        return new SyncQueues(queue, dlq);
    }
}
