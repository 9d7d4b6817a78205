package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.OpenApi;
import app.klient.support.RawHttp;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Guard 1 of issue 15: every operation of the OpenAPI document meets hostile input derived from its own schema
 * (wrong types, missing and null fields, 100,000-character strings, NUL characters, invalid UTF-8 in bodies and in
 * percent-encoded parameters, negative and huge numbers, unknown and foreign ids, unknown enum values, bad cursors,
 * null list elements, empty and broken files). Each answer must be below 500; each refusal problem+json with a detail
 * in the caller's language (Polish here); and a refused write must leave every business table as it was. A new
 * endpoint is swept without anyone writing its test.
 */
@Order(Integer.MAX_VALUE)
class ApiSweepTests extends WebTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UNKNOWN_ID = "999999999";
    private static final String HUGE = "x".repeat(100_000);
    private static final byte[] BAD_UTF8 = { (byte) 0xC3, (byte) 0x28 };

    /** Tables a refused request may legitimately write, with the reason. Everything else must stay as it was. */
    private static final Map<String, String> WRITTEN_BY_REFUSALS = Map.of(
            "flyway_schema_history", "migrations, not requests",
            "spring_session", "sessions of page clients, not of the API",
            "spring_session_attributes", "sessions of page clients, not of the API",
            "event_publication", "Spring Modulith's event registry, written by whatever the events belong to");

    /**
     * A refused sign-in is itself recorded, by design: the audit log keeps every failed attempt and the throttle
     * counts it (a body without the optional second-factor code is a well-formed, wrong sign-in).
     */
    private static final Map<String, java.util.Set<String>> RECORDED_WHEN_REFUSED = Map.of(
            "POST /api/v1/auth/token", java.util.Set.of("audit_events", "login_failures", "two_factor_failures"));

    /** Operations the sweep leaves out, with the reason (the goal is none). */
    private static final Map<String, String> EXCLUDED = Map.of();

    @Autowired
    PlatformTransactionManager transactions;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> fixtures = new LinkedHashMap<>();
    private List<Pattern> polish;
    private List<Pattern> english;
    private OpenApi api;
    private String token;
    private int requests;
    private String tablesQuery;
    private TransactionTemplate serially;
    private Map<String, Long> counts;
    private String countedAt;
    private int recounts;
    private Map<String, Long> lastCounts;
    private int accepted;

    @Test
    void every_operation_refuses_hostile_input_with_a_translated_problem_and_stores_nothing() throws Exception {
        UserSummary admin = testUsers.create(Role.ADMIN, "pl");
        token = tokens.issue(admin);
        polish = patterns("messages_pl.properties", "org/hibernate/validator/ValidationMessages_pl.properties");
        english = patterns("messages_en.properties", "org/hibernate/validator/ValidationMessages.properties");
        api = OpenApi.of(send("GET", "/api/openapi", null, null).body());
        tablesQuery = tablesQuery();
        serially = new TransactionTemplate(transactions);
        List<OpenApi.Operation> operations = api.operations().stream()
                .filter(o -> !EXCLUDED.containsKey(o.toString())).toList();
        assertThat(operations).hasSizeGreaterThan(50);

        long started = System.nanoTime();
        for (OpenApi.Operation operation : operations) {
            if (operation.method().equals("POST") && operation.in("path").isEmpty()) {
                createFixture(operation);
            }
        }
        for (OpenApi.Operation operation : operations) {
            sweep(operation);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("API sweep: %d operations, %d requests (%d writes accepted, tables counted %d times) in %d s,"
                + " %d failures%n", operations.size(), requests, accepted, recounts, seconds, failures.size());
        assertThat(failures).as("hostile input answered badly").isEmpty();
    }

    // --- fixtures: one record per collection, made from the schema's own baseline body

    private void createFixture(OpenApi.Operation operation) {
        JsonNode schema = operation.bodies().get("application/json");
        if (schema == null) {
            return;
        }
        Answer answer = send("POST", operation.path(), "application/json", bytes(baseline(schema, 0)));
        if (answer.status() < 300 && answer.body().startsWith("{")) {
            JsonNode id = JSON.readTree(answer.body()).get("id");
            if (id != null && id.isNumber()) {
                fixtures.put(operation.path(), id.asLong());
            }
        }
    }

    /** A real id for the path's record: the fixture made for its collection, else one the administrator can list. */
    private String idFor(String path, String parameter) {
        String collection = path.substring(0, path.indexOf("{" + parameter + "}") - 1);
        if (fixtures.containsKey(collection)) {
            return String.valueOf(fixtures.get(collection));
        }
        // never borrow people or tokens: the sweep must not change the accounts other tests sign in with
        if (!collection.contains("{") && !personal(collection)) {
            Answer list = send("GET", collection, null, null);
            if (list.status() == 200 && list.body().startsWith("{")) {
                JsonNode first = JSON.readTree(list.body()).path("items").path(0).path("id");
                if (first.isNumber()) {
                    fixtures.put(collection, first.asLong());
                    return first.asString();
                }
            }
        }
        return UNKNOWN_ID;
    }

    private String foreignId(String path) {
        if (personal(path)) {
            // ids are per table: another record's id may well be the id of a person other tests sign in as
            return UNKNOWN_ID;
        }
        // an id of some other kind of record: a number that exists, but not as what the field names
        return fixtures.entrySet().stream().filter(e -> !path.startsWith(e.getKey())).map(e -> e.getValue().toString())
                .findFirst().orElse(UNKNOWN_ID);
    }

    private static boolean personal(String path) {
        return path.startsWith("/api/v1/users") || path.startsWith("/api/v1/me") || path.startsWith("/api/v1/auth");
    }

    // --- the sweep of one operation

    /** Query parameters as sent: an object (a filter record) is exploded into its properties, as OpenAPI says. */
    private List<OpenApi.Parameter> queryParameters(OpenApi.Operation operation) {
        List<OpenApi.Parameter> parameters = new ArrayList<>();
        for (OpenApi.Parameter parameter : operation.in("query")) {
            if (OpenApi.type(parameter.schema()).equals("object") && !api.properties(parameter.schema()).isEmpty()) {
                api.properties(parameter.schema()).forEach((name, schema) -> parameters.add(
                        new OpenApi.Parameter(name, "query", api.required(parameter.schema()).contains(name), schema)));
            }
            else {
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    private void sweep(OpenApi.Operation operation) {
        Map<String, String> path = new LinkedHashMap<>();
        for (OpenApi.Parameter parameter : operation.in("path")) {
            path.put(parameter.name(), idFor(operation.path(), parameter.name()));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (OpenApi.Parameter parameter : queryParameters(operation)) {
            if (parameter.required()) {
                query.put(parameter.name(), java.net.URLEncoder.encode(
                        plain(named(parameter.name(), baseline(parameter.schema(), 1))), StandardCharsets.UTF_8));
            }
        }
        Map.Entry<String, JsonNode> body = operation.bodies().entrySet().stream().findFirst().orElse(null);
        byte[] validBody = body == null ? null : baselineBody(body.getKey(), body.getValue());
        String type = body == null ? null : contentTypeOf(body.getKey(), validBody);

        // ids in the path: unknown, negative, not a number, too big, NUL, invalid UTF-8, a foreign one
        for (OpenApi.Parameter parameter : operation.in("path")) {
            for (String bad : List.of(UNKNOWN_ID, "-1", "abc", "99999999999999999999", "%00", "%C3%28",
                    foreignId(operation.path()))) {
                Map<String, String> changed = new LinkedHashMap<>(path);
                changed.put(parameter.name(), bad);
                check(operation, "path " + parameter.name() + "=" + bad, url(operation, changed, query), type,
                        validBody);
            }
        }
        // query parameters
        for (OpenApi.Parameter parameter : queryParameters(operation)) {
            for (String bad : badQueryValues(parameter)) {
                Map<String, String> changed = new LinkedHashMap<>(query);
                changed.put(parameter.name(), bad);
                check(operation, "query " + parameter.name() + "=" + abbreviate(bad), url(operation, path, changed),
                        type, validBody);
            }
        }
        if (!operation.in("query").isEmpty() || operation.method().equals("GET")) {
            String target = url(operation, path, query);
            String rawTarget = target + (target.contains("?") ? "&" : "?") + "q=%ZZ&cursor=%C3%28";
            RawHttp.Answer answer = RawHttp.send(port, operation.method(), rawTarget,
                    "Authorization: Bearer " + token + "\r\nAccept-Language: pl\r\n", new byte[0]);
            requests++;
            counts = null;
            judge(operation, "malformed percent-encoding in the query", new Answer(answer.status(),
                    answer.header("Content-Type"), answer.body()));
        }
        // the body
        if (body != null) {
            String target = url(operation, path, query);
            for (Map.Entry<String, byte[]> bad : badBodies(body.getKey(), body.getValue()).entrySet()) {
                check(operation, "body " + bad.getKey(), target, contentTypeOf(body.getKey(), bad.getValue()),
                        bad.getValue());
            }
        }
    }

    private void check(OpenApi.Operation operation, String what, String target, String type, byte[] body) {
        boolean writes = !operation.method().equals("GET");
        if (writes && counts == null) {
            counts = tables();
        }
        Answer answer = send(operation.method(), target, type, body);
        judge(operation, what, answer);
        if (writes) {
            // the counts after one request are the counts before the next: one query per request
            Map<String, Long> after = tables();
            if (answer.status() >= 400 && !withoutRecords(operation, counts).equals(withoutRecords(operation, after))) {
                failures.add(operation + " [" + what + "] refused with " + answer.status() + " but changed "
                        + difference(counts, after));
            }
            if (answer.status() < 400) {
                accepted++;
                after = settled(after);
            }
            counts = after;
        }
    }

    /**
     * After an accepted write, the listeners of its events (notifications, alerts, timelines) run after the commit,
     * on other threads: wait until the event publication registry has none left open and the counts stop moving, so
     * their rows are not blamed on the next, refused request.
     */
    private Map<String, Long> settled(Map<String, Long> counts) {
        Map<String, Long> last = counts;
        long lastOpen = -1;
        int still = 0;
        for (int i = 0; i < 100; i++) {
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            // a listener that failed leaves its publication open for good: then wait for quiet instead
            long open = jdbc.sql("select count(*) from event_publication where completion_date is null")
                    .query(Long.class).single();
            Map<String, Long> now = tables();
            still = now.equals(last) && open == lastOpen ? still + 1 : 0;
            if (open == 0 && now.equals(last) || still >= 3) {
                return now;
            }
            last = now;
            lastOpen = open;
        }
        return last;
    }

    private void judge(OpenApi.Operation operation, String what, Answer answer) {
        String where = operation + " [" + what + "] ";
        if (answer.status() >= 500) {
            failures.add(where + answer.status() + " " + abbreviate(answer.body()));
            return;
        }
        if (answer.status() < 400) {
            return;
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            failures.add(where + answer.status() + " not problem+json: " + answer.contentType() + " "
                    + abbreviate(answer.body()));
            return;
        }
        JsonNode problem = JSON.readTree(answer.body());
        List<String> texts = new ArrayList<>();
        texts.add(problem.path("detail").asString(""));
        problem.path("errors").forEach(error -> texts.add(error.path("message").asString("")));
        for (String text : texts) {
            if (text.isBlank() || !polish(text)) {
                failures.add(where + answer.status() + " not in Polish: \"" + abbreviate(text) + "\"");
            }
        }
    }

    // --- hostile values

    private List<String> badQueryValues(OpenApi.Parameter parameter) {
        List<String> values = new ArrayList<>(List.of("%00", "a%00b", "%C3%28", "x".repeat(2_000)));
        String type = OpenApi.type(parameter.schema());
        if (type.equals("integer") || type.equals("number")) {
            values.addAll(List.of("abc", "-1", "-99999999999", "99999999999999999999", "1.5", "1e400"));
        }
        else if (type.equals("boolean")) {
            values.add("maybe");
        }
        else if (type.equals("array")) {
            values.addAll(List.of("abc", "-1", UNKNOWN_ID));
        }
        else {
            values.addAll(List.of("NO_SUCH_VALUE", "2026-13-45", "-1", UNKNOWN_ID));
        }
        if (parameter.name().toLowerCase().contains("cursor") || parameter.name().equals("after")) {
            values.addAll(List.of("garbage", "eyJ4IjoxfQ", "%FF%FE"));
        }
        return values;
    }

    private byte[] baselineBody(String contentType, JsonNode schema) {
        if (contentType.contains("json")) {
            return bytes(baseline(schema, 0));
        }
        if (contentType.startsWith("multipart/")) {
            return multipart(schema, "sweep.csv", "name\nSweep\n".getBytes(StandardCharsets.UTF_8));
        }
        return "name\nSweep\n".getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, byte[]> badBodies(String contentType, JsonNode schema) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        if (contentType.startsWith("multipart/")) {
            bodies.put("empty file", multipart(schema, "empty.csv", new byte[0]));
            bodies.put("file with invalid UTF-8", multipart(schema, "bad.csv", concat("name\nAb", BAD_UTF8, "c\n")));
            bodies.put("file with an unclosed quote", multipart(schema, "quote.csv",
                    "name,city\n\"Sweep,Łódź\n".getBytes(StandardCharsets.UTF_8)));
            bodies.put("no parts", ("--sweep--\r\n").getBytes(StandardCharsets.UTF_8));
            bodies.put("not multipart at all", "name=Sweep".getBytes(StandardCharsets.UTF_8));
            return bodies;
        }
        if (!contentType.contains("json")) {
            bodies.put("empty", new byte[0]);
            bodies.put("invalid UTF-8", concat("name\nAb", BAD_UTF8, "c\n"));
            bodies.put("unclosed quote", "firstName,lastName\nJan,\"Nowak\n".getBytes(StandardCharsets.UTF_8));
            bodies.put("NUL", "firstName,lastName\nJa\0n,Nowak\n".getBytes(StandardCharsets.UTF_8));
            bodies.put("huge line", ("firstName,lastName\n" + HUGE + ",x\n").getBytes(StandardCharsets.UTF_8));
            return bodies;
        }
        JsonNode valid = baseline(schema, 0);
        bodies.put("empty", new byte[0]);
        bodies.put("null", bytes("null"));
        bodies.put("array", bytes("[]"));
        bodies.put("truncated", bytes("{\"a\":"));
        bodies.put("a string", bytes("\"text\""));
        bodies.put("invalid UTF-8 outside strings", concat("{\"", BAD_UTF8, "\": 1}"));
        if (valid instanceof ObjectNode object) {
            ObjectNode unknown = object.deepCopy();
            unknown.put("noSuchField", 1);
            bodies.put("unknown field", bytes(unknown));
            mutateObject(schema, "", 0, bodies, object, object);
        }
        return bodies;
    }

    /** One mutation at a time of every property of an object (and of the first element of its lists). */
    private void mutateObject(JsonNode schema, String prefix, int depth, Map<String, byte[]> bodies, ObjectNode root,
            ObjectNode target) {
        List<String> required = api.required(schema);
        for (Map.Entry<String, JsonNode> property : api.properties(schema).entrySet()) {
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            String type = OpenApi.type(propertySchema);
            String label = prefix + name;
            Consumer<Consumer<ObjectNode>> mutate = change -> {
                JsonNode original = target.get(name);
                change.accept(target);
                bodies.put(label + " " + describe(target.get(name)), bytes(root));
                if (original == null) {
                    target.remove(name);
                }
                else {
                    target.set(name, original);
                }
            };
            if (required.contains(name)) {
                JsonNode original = target.get(name);
                target.remove(name);
                bodies.put(label + " missing", bytes(root));
                target.set(name, original);
            }
            mutate.accept(o -> o.putNull(name));
            switch (type) {
                case "string" -> {
                    mutate.accept(o -> o.put(name, HUGE));
                    mutate.accept(o -> o.put(name, "Nul\u0000byte"));
                    mutate.accept(o -> o.set(name, NODES.objectNode()));
                    mutate.accept(o -> o.set(name, NODES.arrayNode().add("a")));
                    if (propertySchema.has("enum") || propertySchema.has("format")) {
                        mutate.accept(o -> o.put(name, "NO_SUCH_VALUE"));
                    }
                    String withBadBytes = "{\"" + name + "\": \"Ab";
                    if (depth == 0) {
                        ObjectNode rest = root.deepCopy();
                        rest.remove(name);
                        String tail = rest.isEmpty() ? "}" : ", " + rest.toString().substring(1);
                        bodies.put(label + " invalid UTF-8", concat(withBadBytes, BAD_UTF8, "c\"" + tail));
                    }
                }
                case "integer", "number" -> {
                    mutate.accept(o -> o.put(name, "abc"));
                    mutate.accept(o -> o.put(name, -1));
                    mutate.accept(o -> o.put(name, Long.MIN_VALUE));
                    mutate.accept(o -> o.put(name, new java.math.BigDecimal("1e400")));
                    mutate.accept(o -> o.put(name, new java.math.BigInteger("99999999999999999999999999")));
                    mutate.accept(o -> o.put(name, 1.5));
                    if (name.endsWith("Id") || name.equals("id")) {
                        mutate.accept(o -> o.put(name, Long.parseLong(UNKNOWN_ID)));
                        if (!name.equals("userId")) {
                            mutate.accept(o -> o.put(name, Long.parseLong(foreignId(""))));
                        }
                    }
                }
                case "boolean" -> mutate.accept(o -> o.put(name, "maybe"));
                case "array" -> {
                    mutate.accept(o -> o.put(name, "x"));
                    mutate.accept(o -> o.set(name, NODES.arrayNode().addNull()));
                    JsonNode items = api.resolve(propertySchema.path("items"));
                    String itemType = OpenApi.type(items);
                    if (itemType.equals("integer")) {
                        mutate.accept(o -> o.set(name, NODES.arrayNode().add(Long.parseLong(UNKNOWN_ID))));
                        mutate.accept(o -> o.set(name, NODES.arrayNode().add(-1)));
                    }
                    else if (itemType.equals("string")) {
                        mutate.accept(o -> o.set(name, NODES.arrayNode().add("Nul\u0000byte")));
                        mutate.accept(o -> o.set(name, NODES.arrayNode().add(HUGE)));
                    }
                    else if (itemType.equals("object") && depth < 1) {
                        ArrayNode list = NODES.arrayNode();
                        ObjectNode element = (ObjectNode) baseline(items, depth + 1);
                        list.add(element);
                        JsonNode original = target.get(name);
                        target.set(name, list);
                        mutateObject(items, label + "[0].", depth + 1, bodies, root, element);
                        target.set(name, original);
                    }
                }
                case "object" -> {
                    mutate.accept(o -> o.put(name, 5));
                    if (depth < 1 && !api.properties(propertySchema).isEmpty()) {
                        ObjectNode element = (ObjectNode) baseline(propertySchema, depth + 1);
                        JsonNode original = target.get(name);
                        target.set(name, element);
                        mutateObject(propertySchema, label + ".", depth + 1, bodies, root, element);
                        target.set(name, original);
                    }
                    else if (propertySchema.has("additionalProperties")) {
                        mutate.accept(o -> o.set(name, NODES.objectNode().put("nul\u0000key", "v")));
                        mutate.accept(o -> o.set(name, NODES.objectNode().put("noSuchKey", HUGE)));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A plausible value for a schema: what a careful client would send. */
    private JsonNode baseline(JsonNode raw, int depth) {
        JsonNode schema = api.resolve(raw);
        if (schema.has("enum")) {
            return NODES.stringNode(schema.get("enum").get(0).asString());
        }
        if (schema.has("example") && !schema.get("example").isNull()) {
            return schema.get("example");
        }
        String type = OpenApi.type(schema);
        String format = schema.path("format").asString("");
        return switch (type) {
            case "string" -> NODES.stringNode(switch (format) {
                // far ahead: nothing the sweep makes falls due (a reminder, a service target) while other tests run
                case "date" -> "2031-06-02";
                case "date-time" -> "2031-06-02T10:00:00Z";
                case "email" -> "sweep@example.com";
                default -> schema.path("minLength").asInt(0) > 5 ? "Sweep value long enough 1" : "SW";
            });
            case "integer" -> NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> NODES.arrayNode();
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 3) {
                    List<String> required = api.required(schema);
                    api.properties(schema).forEach((name, property) -> {
                        if (required.contains(name) || depth == 0) {
                            object.set(name, named(name, baseline(property, depth + 1)));
                        }
                    });
                }
                yield object;
            }
            default -> NODES.nullNode();
        };
    }

    private JsonNode named(String name, JsonNode value) {
        if (!value.isString()) {
            if (value.isNumber() && (name.endsWith("Id") || name.equals("version"))) {
                return name.equals("version") ? NODES.numberNode(0) : NODES.nullNode();
            }
            return value;
        }
        String lower = name.toLowerCase();
        if (lower.contains("country")) {
            return NODES.stringNode("PL");
        }
        if (lower.contains("currency")) {
            return NODES.stringNode("PLN");
        }
        if (lower.contains("email")) {
            return NODES.stringNode("sweep-" + Long.toHexString(System.nanoTime()) + "@example.com");
        }
        if (lower.contains("password")) {
            return NODES.stringNode("Sweep-password-" + Long.toHexString(System.nanoTime()));
        }
        if (lower.contains("locale") || lower.contains("language")) {
            return NODES.stringNode("pl");
        }
        if (lower.contains("zone")) {
            return NODES.stringNode("Europe/Warsaw");
        }
        if (lower.equals("name") || lower.contains("title") || lower.contains("subject")) {
            return NODES.stringNode("Sweep " + Long.toHexString(System.nanoTime()));
        }
        return value;
    }

    private byte[] multipart(JsonNode schema, String filename, byte[] content) {
        String boundary = "sweep";
        StringBuilder head = new StringBuilder();
        String fileField = "file";
        for (Map.Entry<String, JsonNode> property : api.properties(schema).entrySet()) {
            JsonNode propertySchema = property.getValue();
            boolean binary = "binary".equals(propertySchema.path("format").asString(""))
                    || "binary".equals(api.resolve(propertySchema.path("items")).path("format").asString(""));
            if (binary) {
                fileField = property.getKey();
            }
            else {
                head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                        .append(property.getKey()).append("\"\r\n\r\n")
                        .append(plain(named(property.getKey(), baseline(propertySchema, 1)))).append("\r\n");
            }
        }
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
                .append("\"; filename=\"").append(filename).append("\"\r\nContent-Type: text/csv\r\n\r\n");
        return concat(head.toString(), content, "\r\n--" + boundary + "--\r\n");
    }

    // --- plumbing

    private String url(OpenApi.Operation operation, Map<String, String> path, Map<String, String> query) {
        String url = operation.path();
        for (Map.Entry<String, String> parameter : path.entrySet()) {
            url = url.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        if (!query.isEmpty()) {
            url += "?" + query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&"));
        }
        return url;
    }

    private Answer send(String method, String target, String contentType, byte[] body) {
        requests++;
        if (method.equals("GET")) {
            // a read may write (a notification, a last-seen mark): the next refused write counts afresh
            counts = null;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + target))
                .timeout(Duration.ofSeconds(60)).header("Accept-Language", "pl")
                .header("X-Forwarded-For", "10.99.99.99");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        }
        catch (IOException e) {
            failures.add(method + " " + target + ": no answer (" + e + ")");
            return new Answer(599, null, "");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private String tablesQuery() {
        List<String> tables = jdbc.sql("select tablename from pg_tables where schemaname = 'public' order by 1")
                .query(String.class).list().stream().filter(t -> !WRITTEN_BY_REFUSALS.containsKey(t)).toList();
        return tables.stream().map(t -> "select '" + t + "' as t, count(*) as n from \"" + t + "\"")
                .collect(Collectors.joining(" union all "));
    }

    /**
     * Every table's row count, counted again only when the write-ahead log has moved since the last count: a request
     * that wrote nothing (most refusals) leaves the log where it was, so its counts are the last ones. Anything that
     * inserts or deletes a row moves the log, even when rolled back; a move with no changed row (a pruned page, a
     * checkpoint) only costs a count. This made the sweep's checks about six times cheaper in the full suite, where
     * the tables have grown. Counted without parallel workers: past the planner's threshold it would start two workers
     * for each of the thousands of counts, which on two cores made the sweep ten times slower.
     */
    private static Map<String, Long> withoutRecords(OpenApi.Operation operation, Map<String, Long> counts) {
        java.util.Set<String> recorded = RECORDED_WHEN_REFUSED.get(operation.method() + " " + operation.path());
        if (recorded == null) {
            return counts;
        }
        Map<String, Long> rest = new TreeMap<>(counts);
        rest.keySet().removeAll(recorded);
        return rest;
    }

    private Map<String, Long> tables() {
        String now = jdbc.sql("select pg_current_wal_insert_lsn()::text").query(String.class).single();
        if (now.equals(countedAt)) {
            return lastCounts;
        }
        Map<String, Long> counts = new TreeMap<>();
        serially.executeWithoutResult(tx -> {
            jdbc.sql("set local max_parallel_workers_per_gather = 0").update();
            jdbc.sql(tablesQuery).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        });
        countedAt = now;
        lastCounts = counts;
        recounts++;
        return counts;
    }

    private static String difference(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
                .map(e -> e.getKey() + " " + before.get(e.getKey()) + "→" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private boolean polish(String text) {
        boolean isPolish = polish.stream().anyMatch(p -> p.matcher(text).matches());
        return isPolish || english.stream().noneMatch(p -> p.matcher(text).matches()) && !text.matches("(?s).*\\b(the|is|must|not|value|request)\\b.*");
    }

    private static List<Pattern> patterns(String... resources) throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        for (String resource : resources) {
            Properties bundle = new Properties();
            try (InputStream in = ApiSweepTests.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (String value : bundle.stringPropertyNames().stream().map(bundle::getProperty).toList()) {
                String regex = java.util.Arrays.stream(value.replace("''", "'").split("\\{[^}]*\\}", -1))
                        .map(Pattern::quote).collect(Collectors.joining(".*"));
                patterns.add(Pattern.compile("(?s)" + regex));
            }
        }
        return patterns;
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "missing";
        }
        String text = value.toString().replace("\u0000", "\\0");
        return "= " + (text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text);
    }

    private static String plain(JsonNode value) {
        return value.isString() ? value.asString() : value.isNull() ? "" : value.toString();
    }

    private static String contentTypeOf(String declared, byte[] body) {
        return declared.startsWith("multipart/") ? "multipart/form-data; boundary=sweep"
                : declared.contains("json") ? "application/json" : declared + "; charset=UTF-8";
    }

    private static byte[] bytes(Object json) {
        return (json instanceof String s ? s : json.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
