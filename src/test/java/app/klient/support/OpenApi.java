package app.klient.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running application's OpenAPI document (springdoc, {@code GET /api/openapi}) read into operations: method,
 * path, parameters and request body, with {@code $ref}s into {@code components} followed. What the generated tests
 * walk, so a new endpoint is covered without anyone writing its test.
 */
public final class OpenApi {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    private OpenApi(JsonNode document) {
        this.document = document;
    }

    public static OpenApi of(String json) {
        return new OpenApi(JsonMapper.builder().build().readTree(json));
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            JsonNode shared = path.getValue().path("parameters");
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode list : List.of(shared, operation.path("parameters"))) {
                    for (JsonNode parameter : list) {
                        JsonNode p = resolve(parameter);
                        parameters.add(new Parameter(p.path("name").asString(), p.path("in").asString(),
                                p.path("required").asBoolean(false), resolve(p.path("schema"))));
                    }
                }
                Map<String, JsonNode> bodies = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> content : resolve(operation.path("requestBody")).path("content")
                        .properties()) {
                    bodies.put(content.getKey(), resolve(content.getValue().path("schema")));
                }
                operations.add(new Operation(method.toUpperCase(), path.getKey(),
                        operation.path("operationId").asString(""), parameters, bodies,
                        resolve(operation.path("requestBody")).path("required").asBoolean(false)));
            }
        }
        return operations;
    }

    /** A schema, parameter or body with its {@code $ref} (and a lone {@code allOf} wrapper) followed. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 20 && current != null; depth++) {
            if (current.has("$ref")) {
                String[] parts = current.get("$ref").asString().replaceFirst("^#/", "").split("/");
                JsonNode target = document;
                for (String part : parts) {
                    target = target.path(part.replace("~1", "/").replace("~0", "~"));
                }
                current = target;
            }
            else if (current.has("allOf") && current.get("allOf").size() == 1 && !current.has("properties")) {
                current = current.get("allOf").get(0);
            }
            else {
                return current;
            }
        }
        return current;
    }

    /** The properties of an object schema, each resolved. */
    public Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : resolve(schema).path("properties").properties()) {
            properties.put(property.getKey(), resolve(property.getValue()));
        }
        return properties;
    }

    public List<String> required(JsonNode schema) {
        List<String> required = new ArrayList<>();
        resolve(schema).path("required").forEach(name -> required.add(name.asString()));
        return required;
    }

    /** The schema's type, with OpenAPI 3.1's {@code ["string", "null"]} read as "string". */
    public static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "";
    }

    public record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    public record Operation(String method, String path, String operationId, List<Parameter> parameters,
            Map<String, JsonNode> bodies, boolean bodyRequired) {

        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
