package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as a generated client reads it: every operation says what it does, has an id that reads
 * well, and declares the problems it may answer. The test also leaves the document in {@code target/openapi.json},
 * where CI's Redocly lint reads it (see {@code .ci/run}).
 */
class ApiDocumentTests extends WebTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private JsonNode document;

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    @BeforeEach
    void read() throws Exception {
        Http.Response answer = Http.on(port).get("/api/openapi");
        assertThat(answer.status()).isEqualTo(200);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), answer.body());
        document = JsonMapper.builder().build().readTree(answer.body());
    }

    @Test
    void every_operation_has_a_summary_and_a_readable_unique_id() {
        List<String> without = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> unreadable = new ArrayList<>();
        operations().forEach((name, operation) -> {
            if (operation.path("summary").asString("").isBlank()) {
                without.add(name);
            }
            String id = operation.path("operationId").asString("");
            if (!id.matches("[a-z][A-Za-z]+") || !ids.add(id)) {
                unreadable.add(name + " " + id);
            }
        });
        assertThat(without).as("operations without a summary").isEmpty();
        assertThat(unreadable).as("operation ids that are numbered, repeated or missing").isEmpty();
    }

    /**
     * The document names a body's schema by its class's simple name: two classes of one name (two {@code SendForm}s)
     * would be one schema, and one of the two operations would document the other's body.
     */
    @Test
    void no_two_body_classes_share_a_schema_name() {
        Map<String, Set<Class<?>>> byName = new java.util.TreeMap<>();
        mappings.getHandlerMethods().values().forEach(method -> {
            for (org.springframework.core.MethodParameter parameter : method.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
                    Class<?> type = parameter.getParameterType();
                    byName.computeIfAbsent(type.getSimpleName(), k -> new HashSet<>()).add(type);
                }
            }
        });
        assertThat(byName.entrySet().stream().filter(e -> e.getValue().size() > 1 && e.getValue().stream()
                .filter(type -> !type.isAnnotationPresent(io.swagger.v3.oas.annotations.media.Schema.class)
                        || type.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class).name().isBlank())
                .count() > 1).map(Map.Entry::getKey).toList()).as("body classes of one simple name").isEmpty();
        // the case that was wrong: sending an e-mail documented the document mail's body
        String body = document.path("paths").path("/api/v1/emails").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asString("");
        assertThat(document.path("components").path("schemas").path(body.substring(body.lastIndexOf('/') + 1))
                .path("properties").has("contactId")).as(body).isTrue();
    }

    @Test
    void every_operation_declares_its_problem_answers() {
        List<String> missing = new ArrayList<>();
        operations().forEach((name, operation) -> {
            JsonNode responses = operation.path("responses");
            boolean open = operation.has("security") && operation.get("security").isEmpty();
            List<String> expected = new ArrayList<>();
            if (!open) {
                expected.addAll(List.of("401", "403"));
            }
            if (name.matches(".*\\{(id|\\w+Id)}.*")) {
                expected.add("404");
            }
            if (operation.has("requestBody") || !operation.path("parameters").isEmpty()) {
                expected.add("400");
            }
            for (String status : expected) {
                JsonNode problem = responses.path(status).path("content").path("application/problem+json")
                        .path("schema").path("$ref");
                if (!problem.asString("").endsWith("/Problem")) {
                    missing.add(name + " " + status);
                }
            }
        });
        assertThat(missing).as("problem answers not declared").isEmpty();
        assertThat(document.at("/paths/~1api~1v1~1companies~1{id}/put/responses/409").isMissingNode())
                .as("a versioned change may answer 409").isFalse();
        assertThat(document.at("/paths/~1api~1v1~1auth~1token/post/responses/429").isMissingNode())
                .as("sign-in is rate limited").isFalse();
        assertThat(document.at("/paths/~1api~1v1~1auth~1token/post/responses/200").isMissingNode())
                .as("declaring the refusals keeps the answer").isFalse();
    }

    @Test
    void the_problem_schema_has_the_fields_errors_really_have() {
        JsonNode problem = document.at("/components/schemas/Problem/properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "errors");
        JsonNode refused = apiAs(app.klient.identity.Role.ADMIN).postJson("/api/v1/companies", "{\"name\": \"\"}")
                .json();
        refused.propertyNames().forEach(name -> assertThat(problem.has(name)).as(name).isTrue());
        JsonNode field = document.at("/components/schemas/FieldProblem/properties");
        refused.get("errors").get(0).propertyNames().forEach(name -> assertThat(field.has(name)).as(name).isTrue());
    }

    @Test
    void the_main_bodies_have_examples_that_fit_their_schema_and_are_accepted() {
        List<String> wrong = new ArrayList<>();
        for (String name : List.of("CompanyForm", "CompanyView", "ContactForm", "ContactView", "LeadForm", "LeadView",
                "DealForm", "DealView", "TaskForm", "TaskView", "ActivityForm", "TicketForm", "ProductForm",
                "ProductView", "Credentials", "TokenResponse")) {
            JsonNode schema = document.path("components").path("schemas").path(name);
            JsonNode example = schema.path("example");
            if (!example.isObject()) {
                wrong.add(name + ": no example");
                continue;
            }
            example.propertyNames().forEach(field -> {
                if (!schema.path("properties").has(field)) {
                    wrong.add(name + "." + field + ": not in the schema");
                }
            });
        }
        assertThat(wrong).isEmpty();
        Http admin = apiAs(app.klient.identity.Role.ADMIN);
        for (String[] post : new String[][] { { "/api/v1/companies", "CompanyForm" }, { "/api/v1/leads", "LeadForm" },
                { "/api/v1/products", "ProductForm" } }) {
            JsonNode example = document.path("components").path("schemas").path(post[1]).path("example");
            Http.Response created = admin.postJson(post[0], example.toString());
            assertThat(created.status()).as(post[1] + " " + created.body()).isEqualTo(201);
        }
    }

    @Test
    void a_quote_changed_or_made_is_documented_as_created() {
        JsonNode quotes = document.get("paths");
        assertThat(quotes.get("/api/v1/quotes/{id}").get("put").get("responses").has("201")).isTrue();
        assertThat(quotes.get("/api/v1/quotes").get("post").get("responses").has("201")).isTrue();
    }

    @Test
    void no_two_paths_can_name_the_same_url() {
        List<String> paths = new ArrayList<>();
        document.get("paths").propertyNames().forEach(paths::add);
        List<String> ambiguous = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (ambiguous(paths.get(i), paths.get(j))) {
                    ambiguous.add(paths.get(i) + " ~ " + paths.get(j));
                }
            }
        }
        assertThat(ambiguous).isEmpty();
    }

    /** Redocly's rule: same length, and at each segment a variable on one side meets a literal on the other. */
    private static boolean ambiguous(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        if (x.length != y.length) {
            return false;
        }
        boolean leftVariable = false;
        boolean rightVariable = false;
        for (int i = 0; i < x.length; i++) {
            boolean vx = x[i].startsWith("{");
            boolean vy = y[i].startsWith("{");
            if (!vx && !vy && !x[i].equals(y[i])) {
                return false;
            }
            leftVariable |= vx && !vy;
            rightVariable |= vy && !vx;
        }
        return leftVariable && rightVariable;
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.LinkedHashMap<>();
        document.get("paths").properties().forEach(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                operations.put(method.toUpperCase() + " " + path.getKey(), path.getValue().get(method));
            }
        }));
        return operations;
    }
}
