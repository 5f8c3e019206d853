package io.ccheadless.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CC's published contract ({@code swagger.yaml}, Swagger 2.0) read by swagger-parser, which converts it to OpenAPI 3,
 * and checked with networknt's json-schema-validator in its OpenAPI 3.0 dialect. One deliberate addition to the
 * contract: an object schema that declares properties but says nothing of {@code additionalProperties} is closed
 * ({@code additionalProperties: false}), so a misspelt or invented field in a sandbox body is a violation rather than
 * silently allowed (docs/cc-api.md §8).
 */
final class SwaggerContract {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    private final JsonNode document;
    private final JsonNode components;
    private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

    private SwaggerContract(JsonNode document) {
        this.document = document;
        this.components = closeObjects(document.path("components").deepCopy());
    }

    /**
     * The contract kept in the repository, {@code docs/cc-api/swagger.yaml} (found by walking up from the working
     * directory to the folder holding {@code mvnw}; docs/cc-api.md §0 says where it comes from), or at
     * {@code $CC_SWAGGER_PATH}; empty if absent.
     */
    static Optional<Path> locate() {
        String override = System.getenv("CC_SWAGGER_PATH");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                Path p = dir.resolve("docs").resolve("cc-api").resolve("swagger.yaml");
                return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static SwaggerContract load(Path file) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIParser().readLocation(file.toUri().toString(), null, options);
        if (parsed.getOpenAPI() == null) {
            throw new IllegalStateException("swagger-parser could not read " + file + ": " + parsed.getMessages());
        }
        return new SwaggerContract(Json.mapper().valueToTree(parsed.getOpenAPI()));
    }

    String version() {
        return document.path("info").path("version").asText();
    }

    /** Whether the contract documents {@code status} for the operation (path as in swagger.yaml, e.g. "/emails"). */
    boolean documents(String path, String method, String status) {
        return !document.path("paths").path(path).path(method.toLowerCase()).path("responses").path(status)
                .isMissingNode();
    }

    /** The statuses the contract documents for an operation, e.g. ["200", "400", "401", ...]. */
    List<String> documentedStatuses(String path, String method) {
        List<String> statuses = new java.util.ArrayList<>();
        document.path("paths").path(path).path(method.toLowerCase()).path("responses").fieldNames()
                .forEachRemaining(statuses::add);
        return statuses;
    }

    /** The schema of an operation's response, e.g. ("/emails", "get", "200"). */
    JsonNode responseSchema(String path, String method, String status) {
        JsonNode content = document.path("paths").path(path).path(method).path("responses").path(status).path("content");
        Iterator<JsonNode> media = content.elements();
        JsonNode s = media.hasNext() ? media.next().path("schema") : content;
        if (s.isMissingNode()) {
            throw new IllegalArgumentException("swagger.yaml has no schema for " + method + " " + path + " " + status);
        }
        return s;
    }

    JsonNode definition(String name) {
        JsonNode d = document.path("components").path("schemas").path(name);
        if (d.isMissingNode()) {
            throw new IllegalArgumentException("swagger.yaml has no definition " + name);
        }
        return d;
    }

    /**
     * Every violation of {@code schema} by {@code value}, each as "JSON pointer keyword: message" ("/" for the
     * whole value); empty when it conforms.
     */
    List<String> validate(JsonNode value, JsonNode schema) {
        Schema s = compiled.computeIfAbsent(schema, this::compile);
        return s.validate(value).stream().map(SwaggerContract::describe).toList();
    }

    private Schema compile(JsonNode schema) {
        ObjectNode root = (ObjectNode) closeObjects(schema.deepCopy());
        root.set("components", components);
        return REGISTRY.getSchema(root);
    }

    private static String describe(Error e) {
        String at = e.getInstanceLocation().toString();
        return (at.isEmpty() ? "/" : at) + " " + e.getKeyword() + ": " + e.getMessage();
    }

    /** Closes every object schema that declares properties and leaves additionalProperties unsaid. */
    private static JsonNode closeObjects(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && o.path("properties").isObject() && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            o.properties().forEach(e -> closeObjects(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(SwaggerContract::closeObjects);
        }
        return node;
    }
}
