package io.ccheadless.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor of the cold-start benchmark: what a function must at least do to make the calls it makes. It builds the
 * same three SDK clients as {@code AwsClients.create} (region set, one URLConnection HTTP client, the same timeouts,
 * {@code AWS_ENDPOINT_URL} honoured) and, when it calls CC, the JDK's {@code HttpURLConnection} as the product does; each
 * invocation then makes the calls listed in {@code FLOOR_CALLS} and nothing else. The bench records that list from a
 * function's own first invocation (moto's request recorder for AWS, a recording forwarder for CC), so each function is
 * held against a floor that makes the same calls: {@code dynamodb:GetItem;dynamodb:UpdateItem;cc-api:GET /v3/emails?…}.
 * <p>
 * Replaying never disturbs the function's state. A DynamoDB call that comes with the function's request
 * ({@code dynamodb:UpdateItem|<its JSON, base64url>}) sends that request again ({@link #replay}): a read as it was, a
 * write to the floor's own item; any other call is an equivalent on neutral data: reads read the tenant's pointer,
 * campaigns, secret and bus; writes write items and secrets of the floor's own ({@code floor#…}); a CC API call
 * is the recorded method and path with the tenant's access token from its secret; a call to CC's token endpoint is,
 * when the invocation's event carries an authorization code (the callback's floor gets one of its own, freshly minted,
 * as the callback does), that code's exchange with the client credentials that the invocation's first GetSecretValue
 * reads (the product reads them again too: priming forgot them) and {@code FLOOR_REDIRECT_URI}; without a code (priming
 * in init), a POST that CC refuses (no client credentials: one round trip, no token issued). Without {@code FLOOR_CALLS}, the two
 * calls every token caller makes first: one consistent GetItem of the pointer, one GetSecretValue of the token secret.
 * With {@code FLOOR_PRIME=true} the constructor makes the calls once during init as well (the primed floor).
 */
public final class FloorHandler implements RequestStreamHandler {
    private static final Duration CALL = Duration.ofSeconds(4);
    private static final Duration ATTEMPT = Duration.ofSeconds(2);
    private static final Duration CC_CALL = Duration.ofSeconds(8);
    private static final String DEFAULT_CALLS = "dynamodb:GetItem;secretsmanager:GetSecretValue";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLIENT_SECRET = Pattern.compile("\"client_secret\"\\s*:\\s*\"([^\"]+)\"");

    private final DynamoDbClient dynamo;
    private final SecretsManagerClient secrets;
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final String queueUrl;
    private final List<String> calls;
    private final String table;
    private final String campaignsTable;
    private final String tenant;
    private final String secretId;
    private final String secretPrefix;
    private final String bus;
    private final URI ccApi;
    private final URI ccAuth;
    private final String clientSecretId;
    private final String redirectUri;
    private String accessToken = "";
    private String code;          // this invocation's authorization code, until exchanged
    private String clientAuth;    // this invocation's client credentials, once read

    public FloorHandler() {
        this(System.getenv());
    }

    FloorHandler(Map<String, String> env) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(ATTEMPT).socketTimeout(ATTEMPT).build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL).apiCallAttemptTimeout(ATTEMPT).build();
        Region region = Region.of(env.get("AWS_REGION"));
        String endpoint = env.get("AWS_ENDPOINT_URL");
        var d = DynamoDbClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var s = SecretsManagerClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        var e = EventBridgeClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        if (endpoint != null && !endpoint.isBlank()) {
            d.endpointOverride(URI.create(endpoint));
            s.endpointOverride(URI.create(endpoint));
            e.endpointOverride(URI.create(endpoint));
        }
        this.dynamo = d.build();
        this.secrets = s.build();
        this.events = e.build();
        this.calls = List.of(env.getOrDefault("FLOOR_CALLS", DEFAULT_CALLS).split(";"));
        this.sqs = calls.stream().anyMatch(c -> c.startsWith("sqs:")) ? sqsClient(region, endpoint, http, override) : null;
        this.queueUrl = env.get("SYNC_QUEUE_URL");
        this.table = env.get("STATE_TABLE");
        this.campaignsTable = env.get("CAMPAIGNS_TABLE");
        this.tenant = env.getOrDefault("DEFAULT_TENANT", "default");
        this.secretPrefix = env.get("TOKEN_SECRET_PREFIX");
        this.secretId = secretPrefix + tenant;
        this.bus = env.get("EVENT_BUS_NAME");
        this.ccApi = URI.create(env.getOrDefault("CC_API_BASE_URL", "http://127.0.0.1:1/"));
        this.ccAuth = URI.create(env.getOrDefault("CC_AUTH_BASE_URL", "http://127.0.0.1:1/"));
        this.clientSecretId = env.get("CLIENT_SECRET_ID");
        this.redirectUri = env.get("FLOOR_REDIRECT_URI");
        if ("true".equals(env.get("FLOOR_PRIME"))) {
            makeCalls();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Matcher m = CODE.matcher(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        code = m.find() && redirectUri != null && clientSecretId != null ? m.group(1) : null;
        clientAuth = null;
        List<String> made = makeCalls();
        output.write(("{\"tenant\":\"" + tenant + "\",\"calls\":" + made.size() + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** Makes every listed call in order; answers what each answered (status codes for CC, "ok" for AWS). */
    private List<String> makeCalls() {
        List<String> made = new ArrayList<>();
        for (String c : calls) {
            made.add(call(c.trim()));
        }
        return made;
    }

    private String call(String c) {
        int colon = c.indexOf(':');
        String kind = c.substring(0, colon);
        String what = c.substring(colon + 1);
        return switch (kind) {
            case "dynamodb" -> dynamodb(what);
            case "secretsmanager" -> secretsManager(what);
            case "events" -> eventBridge(what);
            case "sqs" -> sqs(what);
            case "cc-api" -> cc(ccApi, what, true);
            case "cc-auth" -> cc(ccAuth, what, false);
            default -> throw new IllegalArgumentException("the floor cannot make a call of kind " + kind + " (" + c + ")");
        };
    }

    private String dynamodb(String what) {
        int bar = what.indexOf('|');
        String operation = bar < 0 ? what : what.substring(0, bar);
        if (bar >= 0) {
            String replayed = replay(operation, JsonNode.parser().parse(new String(
                    java.util.Base64.getUrlDecoder().decode(what.substring(bar + 1)), StandardCharsets.UTF_8)).asObject());
            if (replayed != null) {
                return replayed;
            }
        }
        Map<String, AttributeValue> own = Map.of("pk", AttributeValue.fromS("floor#" + tenant),
                "n", AttributeValue.fromN("1"));
        switch (operation) {
            case "GetItem" -> dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(pointerKey()));
            case "Scan" -> dynamo.scan(b -> b.tableName(table));
            case "Query" -> dynamo.query(b -> b.tableName(campaignsTable).keyConditionExpression("tenant = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant))).limit(50));
            case "UpdateItem" -> dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", own.get("pk")))
                    .updateExpression("ADD n :one").conditionExpression("attribute_not_exists(pk) OR n >= :zero")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":zero", AttributeValue.fromN("0"))));
            case "PutItem" -> dynamo.putItem(b -> b.tableName(table).item(own));
            case "DeleteItem" -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS("floor#deleted#" + tenant))));
            case "BatchWriteItem" -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table,
                    List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(own).build()).build()))));
            case "TransactWriteItems" -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(own).build()).build()));
            default -> throw new IllegalArgumentException("the floor cannot replay dynamodb:" + operation);
        }
        return "ok";
    }

    /**
     * The function's own DynamoDB request sent again (its expressions, names, values and return options), reads as
     * they were and writes to the floor's own item of the state table ({@code floor#<tenant>}), so that DynamoDB (moto)
     * has the same work to do for it; a condition that fails on the floor's item is an answer like any other. Null for
     * a request it does not replay (the neutral equivalent is made instead).
     */
    private String replay(String operation, Map<String, JsonNode> r) {
        String tableName = text(r, "TableName");
        boolean stateTable = table.equals(tableName);
        Map<String, AttributeValue> own = Map.of("pk", AttributeValue.fromS("floor#" + tenant));
        try {
            switch (operation) {
                case "GetItem" -> dynamo.getItem(b -> b.tableName(tableName).key(values(r.get("Key")))
                        .consistentRead(bool(r, "ConsistentRead")).projectionExpression(text(r, "ProjectionExpression"))
                        .expressionAttributeNames(names(r)));
                case "Query" -> dynamo.query(b -> b.tableName(tableName).indexName(text(r, "IndexName"))
                        .keyConditionExpression(text(r, "KeyConditionExpression")).filterExpression(text(r, "FilterExpression"))
                        .projectionExpression(text(r, "ProjectionExpression")).expressionAttributeNames(names(r))
                        .expressionAttributeValues(values(r.get("ExpressionAttributeValues")))
                        .limit(r.containsKey("Limit") ? Integer.valueOf(r.get("Limit").asNumber()) : null)
                        .scanIndexForward(bool(r, "ScanIndexForward")).consistentRead(bool(r, "ConsistentRead"))
                        .exclusiveStartKey(values(r.get("ExclusiveStartKey"))));
                case "UpdateItem" -> {
                    if (!stateTable) {
                        return null;
                    }
                    dynamo.updateItem(b -> b.tableName(tableName).key(own).updateExpression(text(r, "UpdateExpression"))
                            .conditionExpression(text(r, "ConditionExpression")).expressionAttributeNames(names(r))
                            .expressionAttributeValues(values(r.get("ExpressionAttributeValues")))
                            .returnValues(text(r, "ReturnValues"))
                            .returnValuesOnConditionCheckFailure(text(r, "ReturnValuesOnConditionCheckFailure")));
                }
                case "DeleteItem" -> {
                    if (!stateTable) {
                        return null;
                    }
                    dynamo.deleteItem(b -> b.tableName(tableName).key(Map.of("pk", AttributeValue.fromS("floor#deleted#" + tenant)))
                            .conditionExpression(text(r, "ConditionExpression")).expressionAttributeNames(names(r))
                            .expressionAttributeValues(values(r.get("ExpressionAttributeValues")))
                            .returnValues(text(r, "ReturnValues")));
                }
                default -> {
                    return null;
                }
            }
        } catch (ConditionalCheckFailedException e) {
            return "ok (condition failed)";
        }
        return "ok";
    }

    private static String text(Map<String, JsonNode> r, String field) {
        JsonNode n = r.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    private static Boolean bool(Map<String, JsonNode> r, String field) {
        JsonNode n = r.get(field);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    private static Map<String, String> names(Map<String, JsonNode> r) {
        JsonNode n = r.get("ExpressionAttributeNames");
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        n.asObject().forEach((k, v) -> m.put(k, v.asString()));
        return m;
    }

    /** A DynamoDB JSON map of attribute values ({@code {":v": {"S": "x"}}}), or null. */
    private static Map<String, AttributeValue> values(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, AttributeValue> m = new java.util.LinkedHashMap<>();
        n.asObject().forEach((k, v) -> m.put(k, value(v)));
        return m;
    }

    private static AttributeValue value(JsonNode v) {
        Map.Entry<String, JsonNode> typed = v.asObject().entrySet().iterator().next();
        JsonNode x = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(x.asString());
            case "N" -> AttributeValue.fromN(x.isNumber() ? x.asNumber() : x.asString());
            case "BOOL" -> AttributeValue.fromBool(x.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(values(x));
            case "L" -> AttributeValue.fromL(x.asArray().stream().map(FloorHandler::value).toList());
            case "SS" -> AttributeValue.fromSs(x.asArray().stream().map(JsonNode::asString).toList());
            case "NS" -> AttributeValue.fromNs(x.asArray().stream().map(e -> e.isNumber() ? e.asNumber() : e.asString()).toList());
            default -> throw new IllegalArgumentException("the floor cannot replay a DynamoDB value of type " + typed.getKey());
        };
    }

    private String secretsManager(String operation) {
        switch (operation) {
            case "GetSecretValue" -> {
                if (code != null && clientAuth == null) {   // a code to exchange: the client credentials first
                    String json = secrets.getSecretValue(b -> b.secretId(clientSecretId)).secretString();
                    Matcher id = CLIENT_ID.matcher(json);
                    Matcher secret = CLIENT_SECRET.matcher(json);
                    clientAuth = id.find() && secret.find() ? "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (id.group(1) + ":" + secret.group(1)).getBytes(StandardCharsets.UTF_8)) : "";
                } else {
                    Matcher m = ACCESS_TOKEN.matcher(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
                    accessToken = m.find() ? m.group(1) : "";
                }
            }
            case "DescribeSecret" -> secrets.describeSecret(b -> b.secretId(secretId));
            case "CreateSecret" -> secrets.createSecret(b -> b.name(secretPrefix + "floor-" + UUID.randomUUID())
                    .secretString("{\"floor\":true}"));
            case "PutSecretValue" -> {
                String value = "{\"floor\":" + System.nanoTime() + "}";
                try {
                    secrets.putSecretValue(b -> b.secretId(secretPrefix + "floor").secretString(value));
                } catch (ResourceNotFoundException e) {   // the floor's own secret, created by its first write
                    secrets.createSecret(b -> b.name(secretPrefix + "floor").secretString(value));
                }
            }
            default -> throw new IllegalArgumentException("the floor cannot replay secretsmanager:" + operation);
        }
        return "ok";
    }

    private String eventBridge(String operation) {
        switch (operation) {
            case "PutEvents" -> events.putEvents(b -> b.entries(e -> e.eventBusName(bus).source("cch.floor")
                    .detailType("Floor").detail("{\"floor\":true}")));
            case "DescribeEventBus" -> events.describeEventBus(b -> b.name(bus));
            default -> throw new IllegalArgumentException("the floor cannot replay events:" + operation);
        }
        return "ok";
    }

    /** SendMessageBatch: one message of the floor's own to the function's queue (nothing consumes it in the bench). */
    private String sqs(String operation) {
        if (!"SendMessageBatch".equals(operation) && !"SendMessage".equals(operation)) {
            throw new IllegalArgumentException("the floor cannot replay sqs:" + operation);
        }
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(e -> e.id("floor").messageBody("{\"floor\":true}")));
        return "ok";
    }

    /** "METHOD /path?query", relative to the base; the answer's body is read whole and dropped. */
    private String cc(URI base, String request, boolean bearer) {
        int space = request.indexOf(' ');
        String method = request.substring(0, space);
        URI uri = base.resolve(request.substring(space + 1));
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(5_000);
            c.setReadTimeout((int) CC_CALL.toMillis());
            c.setRequestMethod(method);
            byte[] body = null;
            boolean exchange = false;
            if (bearer) {
                c.setRequestProperty("Authorization", "Bearer " + accessToken);
                c.setRequestProperty("Accept", "application/json");
            } else {
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                exchange = code != null && clientAuth != null && !clientAuth.isEmpty();
                if (exchange) {
                    c.setRequestProperty("Authorization", clientAuth);
                    body = ("grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                            + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    code = null;
                } else {
                    body = "grant_type=refresh_token&refresh_token=floor".getBytes(StandardCharsets.UTF_8);
                }
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
            }
            if (body != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            // null for an error without a body, and for a 401 to a streamed request (the JDK drops its body)
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            if (exchange && status != 200) {   // a refused exchange is less work than the callback's: not a floor
                throw new IllegalStateException("the floor's code exchange answered " + status);
            }
            return String.valueOf(status);
        } catch (IOException e) {
            throw new IllegalStateException("the floor's call " + method + " " + uri.getPath() + " failed: " + e.getClass().getSimpleName());
        }
    }

    /** Built only for a function that sends to SQS (the dispatcher), as its own SDK client is. */
    private static SqsClient sqsClient(Region region, String endpoint, SdkHttpClient http, ClientOverrideConfiguration override) {
        var q = SqsClient.builder().region(region).httpClient(http).overrideConfiguration(override);
        if (endpoint != null && !endpoint.isBlank()) {
            q.endpointOverride(URI.create(endpoint));
        }
        return q.build();
    }

    private Map<String, AttributeValue> pointerKey() {
        return Map.of("pk", AttributeValue.fromS("tenant#" + tenant));
    }
}
