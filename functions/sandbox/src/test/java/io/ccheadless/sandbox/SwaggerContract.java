package io.ccheadless.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A JSON-schema check, written for this project, over the Swagger 2.0 definitions in CC's {@code swagger.yaml}:
 * {@code $ref}, {@code type}, {@code properties}, {@code required}, {@code items}, {@code enum},
 * {@code maxLength}/{@code minLength}, {@code minimum}/{@code maximum} on numbers, {@code format: date-time}, and —
 * stricter than Swagger — no properties the schema does not declare (a misspelt field is an error).
 */
final class SwaggerContract {
    private final JsonNode root;

    private SwaggerContract(JsonNode root) {
        this.root = root;
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

    static SwaggerContract load(Path file) throws IOException {
        return new SwaggerContract(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    }

    String version() {
        return root.path("info").path("version").asText();
    }

    /** The schema of an operation's response, e.g. ("/emails", "get", "200"). */
    JsonNode responseSchema(String path, String method, String status) {
        JsonNode s = root.path("paths").path(path).path(method).path("responses").path(status).path("schema");
        if (s.isMissingNode()) {
            throw new IllegalArgumentException("swagger.yaml has no schema for " + method + " " + path + " " + status);
        }
        return s;
    }

    JsonNode definition(String name) {
        JsonNode d = root.path("definitions").path(name);
        if (d.isMissingNode()) {
            throw new IllegalArgumentException("swagger.yaml has no definition " + name);
        }
        return d;
    }

    /** Every violation of {@code schema} by {@code value}, each with its JSON path; empty when it conforms. */
    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/definitions/")) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            schema = definition(ref.substring("#/definitions/".length()));
        }
        return schema;
    }

    private void check(JsonNode v, JsonNode schema, String at, List<String> problems) {
        schema = resolve(schema);
        if (v == null || v.isNull()) {
            problems.add(at + ": null where the schema expects a value");
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> checkObject(v, schema, at, problems);
            case "array" -> {
                if (!v.isArray()) {
                    problems.add(at + ": expected array, got " + v.getNodeType());
                    return;
                }
                for (int i = 0; i < v.size(); i++) {
                    check(v.get(i), schema.path("items"), at + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!v.isTextual()) {
                    problems.add(at + ": expected string, got " + v.getNodeType());
                    return;
                }
                String s = v.asText();
                if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
                    problems.add(at + ": longer than maxLength " + schema.get("maxLength").asInt());
                }
                if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
                    problems.add(at + ": shorter than minLength " + schema.get("minLength").asInt());
                }
                if ("date-time".equals(schema.path("format").asText())) {
                    try {
                        OffsetDateTime.parse(s);
                    } catch (DateTimeParseException e) {
                        problems.add(at + ": not an ISO-8601 date-time: " + s);
                    }
                }
                checkEnum(v, schema, at, problems);
            }
            case "integer" -> {
                if (!v.isIntegralNumber()) {
                    problems.add(at + ": expected integer, got " + v.getNodeType());
                    return;
                }
                if ("int32".equals(schema.path("format").asText()) && !v.canConvertToInt()) {
                    problems.add(at + ": does not fit int32");
                }
                checkRange(v, schema, at, problems);
            }
            case "number" -> {
                if (!v.isNumber()) {
                    problems.add(at + ": expected number, got " + v.getNodeType());
                    return;
                }
                checkRange(v, schema, at, problems);
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    problems.add(at + ": expected boolean, got " + v.getNodeType());
                }
            }
            case "" -> {
                // no type: anything goes
            }
            default -> problems.add(at + ": schema type " + type + " is not supported by this checker");
        }
    }

    private void checkObject(JsonNode v, JsonNode schema, String at, List<String> problems) {
        if (!v.isObject()) {
            problems.add(at + ": expected object, got " + v.getNodeType());
            return;
        }
        for (JsonNode req : schema.path("required")) {
            if (!v.has(req.asText())) {
                problems.add(at + ": missing required property " + req.asText());
            }
        }
        JsonNode props = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (props.has(name)) {
                check(v.get(name), props.get(name), at + "." + name, problems);
            } else if (additional != null && additional.isObject()) {
                check(v.get(name), additional, at + "." + name, problems);
            } else {
                problems.add(at + ": property '" + name + "' is not in the contract");
            }
        }
    }

    private static void checkRange(JsonNode v, JsonNode schema, String at, List<String> problems) {
        if (schema.has("minimum") && v.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(at + ": below minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && v.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(at + ": above maximum " + schema.get("maximum"));
        }
        checkEnum(v, schema, at, problems);
    }

    private static void checkEnum(JsonNode v, JsonNode schema, String at, List<String> problems) {
        if (schema.has("enum")) {
            for (JsonNode e : schema.get("enum")) {
                if (e.asText().equals(v.asText())) {
                    return;
                }
            }
            problems.add(at + ": " + v + " is not one of " + schema.get("enum"));
        }
    }
}
