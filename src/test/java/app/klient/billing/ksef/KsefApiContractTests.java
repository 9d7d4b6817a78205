package app.klient.billing.ksef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import app.klient.billing.Fa3Samples;
import app.klient.support.OfficialSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client and the stand-in speak KSeF API 2.0 as the Ministry's OpenAPI document defines it: every request the
 * client made and every answer the stand-in gave (successes and errors) is checked against the document: the
 * operation exists, the status and content type are documented for it, and the request and answer bodies carry
 * every field their schemas require.
 */
class KsefApiContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static JsonNode api;
    private static KsefStandIn ksef;
    private static KsefClient client;

    @BeforeAll
    static void start() throws Exception {
        api = JSON.readTree(Files.readAllBytes(OfficialSchemas.resolve("ksef-api/open-api.json")));
        ksef = new KsefStandIn();
        client = new KsefClient(JSON);
    }

    @AfterAll
    static void stop() {
        ksef.close();
    }

    @Test
    void a_whole_sending_goes_by_the_document() {
        ksef.reset();
        String base = ksef.baseUrl();
        byte[] xml = Fa3Samples.invoice("5265877635", "Pump " + System.nanoTime());

        KsefClient.Keys keys = client.keys(base);
        KsefClient.Tokens tokens = client.authenticate(base, keys, "5265877635", ksef.token());
        KsefCrypto.SessionKey key = KsefCrypto.SessionKey.fresh();
        String session = client.openOnline(base, tokens.accessToken(), keys, key);
        String invoice = client.send(base, tokens.accessToken(), session, key, xml, false);
        KsefClient.InvoiceState state = client.invoiceState(base, tokens.accessToken(), session, invoice);
        byte[] upo = client.upo(base, tokens.accessToken(), session, invoice);
        client.close(base, tokens.accessToken(), session);
        KsefClient.Tokens refreshed = client.refresh(base, tokens);

        assertThat(state.status().code()).isEqualTo(200);
        assertThat(state.ksefNumber()).startsWith("5265877635-").hasSize(35);
        assertThat(new String(upo, StandardCharsets.UTF_8)).contains(state.ksefNumber());
        assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
        assertThat(ksef.receipts(KsefCrypto.sha256(xml))).isOne();

        // errors have the documented shapes and are read as such
        assertThatThrownBy(() -> client.close(base, tokens.accessToken(), session))
                .isInstanceOfSatisfying(KsefClient.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(KsefClient.Kind.SESSION_GONE);
                    assertThat(f.code()).isEqualTo(21180);
                });
        assertThatThrownBy(() -> client.invoiceState(base, "not-a-token", session, invoice))
                .isInstanceOfSatisfying(KsefClient.Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(KsefClient.Kind.UNAUTHORIZED));
        ksef.tooManyRequests("POST /v2/auth/challenge", 7);
        assertThatThrownBy(() -> client.authenticate(base, keys, "5265877635", ksef.token()))
                .isInstanceOfSatisfying(KsefClient.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(KsefClient.Kind.RATE_LIMITED);
                    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
        assertThatThrownBy(() -> client.authenticate(base, keys, "5265877635", "a wrong token"))
                .isInstanceOfSatisfying(KsefClient.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(KsefClient.Kind.TOKEN_REFUSED);
                    assertThat(f.code()).isEqualTo(450);
                    assertThat(f.getMessage()).doesNotContain("a wrong token");
                });

        List<KsefStandIn.Exchange> exchanges = ksef.exchanges();
        assertThat(exchanges).extracting(KsefStandIn.Exchange::status).contains(200, 201, 202, 204, 400, 401, 429);
        assertThat(exchanges).allSatisfy(KsefApiContractTests::documented);
    }

    @Test
    void a_session_the_client_opens_is_for_fa3_with_an_encrypted_key_the_stand_in_can_read() {
        ksef.reset();
        String base = ksef.baseUrl();
        KsefClient.Keys keys = client.keys(base);
        KsefClient.Tokens tokens = client.authenticate(base, keys, "5265877635", ksef.token());
        client.openOnline(base, tokens.accessToken(), keys, KsefCrypto.SessionKey.fresh());

        JsonNode request = JSON.readTree(ksef.exchanges().stream()
                .filter(e -> e.path().equals("/v2/sessions/online")).findFirst().orElseThrow().requestBody());
        assertThat(request.path("formCode").path("systemCode").asString()).isEqualTo("FA (3)");
        assertThat(request.path("formCode").path("schemaVersion").asString()).isEqualTo("1-0E");
        assertThat(request.path("formCode").path("value").asString()).isEqualTo("FA");
        assertThat(request.path("encryption").path("publicKeyId").asString()).hasSize(44);
    }

    @Test
    void a_batch_goes_by_the_document() throws Exception {
        ksef.reset();
        String base = ksef.baseUrl();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<byte[]> xmls = new ArrayList<>();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (int i = 0; i < 3; i++) {
                byte[] xml = Fa3Samples.invoice("5265877635", "Pump " + i + " " + System.nanoTime());
                xmls.add(xml);
                zip.putNextEntry(new java.util.zip.ZipEntry(i + ".xml"));
                zip.write(xml);
                zip.closeEntry();
            }
        }
        KsefClient.Keys keys = client.keys(base);
        KsefClient.Tokens tokens = client.authenticate(base, keys, "5265877635", ksef.token());
        KsefCrypto.SessionKey key = KsefCrypto.SessionKey.fresh();
        byte[] part = key.encrypt(bytes.toByteArray());
        KsefClient.Batch batch = client.openBatch(base, tokens.accessToken(), keys, key, bytes.toByteArray(), part,
                true);
        for (KsefClient.Upload upload : batch.uploads()) {
            client.upload(upload, part);
        }
        client.closeBatch(base, tokens.accessToken(), batch.referenceNumber());
        KsefClient.Status status = client.sessionStatus(base, tokens.accessToken(), batch.referenceNumber());
        Map<String, KsefClient.InvoiceState> found = client.sessionInvoices(base, tokens.accessToken(),
                batch.referenceNumber());

        assertThat(status.code()).isEqualTo(200);
        assertThat(xmls).allSatisfy(xml -> {
            assertThat(found.get(java.util.Base64.getEncoder().encodeToString(KsefCrypto.sha256(xml))).status().code())
                    .isEqualTo(200);
            assertThat(ksef.offlineMode(KsefCrypto.sha256(xml))).isTrue();
        });
        assertThat(ksef.exchanges()).anyMatch(e -> e.path().equals("/v2/sessions/batch") && e.status() == 201);
        assertThat(ksef.exchanges()).allSatisfy(KsefApiContractTests::documented);
    }

    @Test
    void ksef_numbers_carry_the_crc8_the_documentation_shows() {
        // docs/faktury/numer-ksef.md: 5265877635-20250826-0100001AF629-AF
        assertThat(KsefStandIn.crc8("5265877635-20250826-0100001AF629".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0xAF);
        assertThat(KsefStandIn.ksefNumber("5265877635", java.time.LocalDate.of(2025, 8, 26)))
                .matches("5265877635-20250826-[0-9A-F]{12}-[0-9A-F]{2}");
    }

    // --- the document ---------------------------------------------------------------------------------------

    private static void documented(KsefStandIn.Exchange exchange) {
        if (!exchange.path().startsWith("/v2/")) {
            // a batch part goes to the storage address KSeF named, outside the API
            return;
        }
        String path = exchange.path().replaceFirst("^/v2", "");
        JsonNode operation = operation(exchange.method(), path);
        assertThat(operation).as("%s %s is an operation of the document", exchange.method(), path).isNotNull();
        JsonNode response = operation.path("responses").path(String.valueOf(exchange.status()));
        assertThat(response.isMissingNode()).as("%s %s answers %s in the document", exchange.method(), path,
                exchange.status()).isFalse();
        if (exchange.requestBody().length > 0) {
            JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
            assertThat(schema.isMissingNode()).as("%s %s takes a JSON body", exchange.method(), path).isFalse();
            conforms(JSON.readTree(exchange.requestBody()), schema, exchange.method() + " " + path + " request");
        }
        if (exchange.responseBody().length > 0) {
            JsonNode content = response.path("content").path(exchange.contentType());
            assertThat(content.isMissingNode()).as("%s %s answers %s as %s", exchange.method(), path,
                    exchange.status(), exchange.contentType()).isFalse();
            if (exchange.contentType().contains("json")) {
                conforms(JSON.readTree(exchange.responseBody()), content.path("schema"),
                        exchange.method() + " " + path + " " + exchange.status());
            }
        }
    }

    /** The operation whose path template matches, literal segments before parameters. */
    private static JsonNode operation(String method, String path) {
        List<String> templates = new ArrayList<>();
        api.path("paths").propertyNames().forEach(templates::add);
        templates.sort(Comparator.comparingInt(t -> t.length() - t.replace("{", "").length()));
        for (String template : templates) {
            if (path.matches(template.replaceAll("\\{[^}]+}", "[^/]+"))
                    && api.path("paths").path(template).has(method.toLowerCase())) {
                return api.path("paths").path(template).path(method.toLowerCase());
            }
        }
        return null;
    }

    /** Every required field is there, in nested objects and array items too. */
    private static void conforms(JsonNode node, JsonNode schema, String where) {
        ObjectNode resolved = resolve(schema);
        if (node.isArray()) {
            for (JsonNode item : node) {
                conforms(item, resolved.path("items"), where + "[]");
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (JsonNode required : resolved.path("required")) {
            assertThat(node.has(required.asString())).as("%s has %s", where, required.asString()).isTrue();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = resolved.path("properties").properties().iterator();
                fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (node.has(field.getKey()) && !node.get(field.getKey()).isNull()) {
                conforms(node.get(field.getKey()), field.getValue(), where + "." + field.getKey());
            }
        }
    }

    /** A schema with its $ref and allOf folded into one object of properties and required names. */
    private static ObjectNode resolve(JsonNode schema) {
        ObjectNode result = JSON.createObjectNode();
        result.putObject("properties");
        result.putArray("required");
        if (schema == null || schema.isMissingNode()) {
            return result;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            merge(result, resolve(api.path("components").path("schemas").path(name)));
        }
        for (JsonNode part : schema.path("allOf")) {
            merge(result, resolve(part));
        }
        if (schema.has("items")) {
            result.set("items", schema.get("items"));
        }
        schema.path("properties").properties().forEach(e -> ((ObjectNode) result.get("properties"))
                .set(e.getKey(), e.getValue()));
        schema.path("required").forEach(r -> result.withArray("required").add(r.asString()));
        return result;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.path("properties").properties().forEach(e -> ((ObjectNode) into.get("properties"))
                .set(e.getKey(), e.getValue()));
        from.path("required").forEach(r -> into.withArray("required").add(r.asString()));
        if (from.has("items")) {
            into.set("items", from.get("items"));
        }
    }
}
