package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.OpenApi;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's read and write shapes agree: for every record the document offers with GET and PUT, what GET answers
 * can be sent back with PUT unchanged and is accepted without changing anything; PATCH changes only what it names.
 */
class ReadWriteShapeTests extends WebTest {

    private static final Set<String> CHANGED_BY_EVERY_WRITE = Set.of("version", "updatedAt");
    private static final Set<String> NEW_REVISION = Set.of("id", "rootId", "number", "revision", "version",
            "createdAt", "updatedAt");

    /** Records whose GET cannot yet go back through PUT, with the reason (the goal is none). */
    private static final Map<String, String> EXCLUDED = Map.of(
            "/api/v1/invoices/{id}", "an issued invoice is never changed: PUT always answers 409");

    private Http admin;
    private long company;

    /** How to make one record of each kind, by the GET path of one record. */
    private Map<String, Function<Http, String>> creators() {
        Map<String, Function<Http, String>> made = new LinkedHashMap<>();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String tomorrow = OffsetDateTime.now().plusDays(1).withNano(0).toString();
        made.put("/api/v1/companies/{id}", api -> "/api/v1/companies/" + company);
        made.put("/api/v1/contacts/{id}", api -> created(api, "/api/v1/contacts", """
                {"firstName": "Anna", "lastName": "Nowak %s", "emails": ["anna.%s@shape.test"],
                 "phones": ["+48 601 234 567"], "companyId": %d,
                 "address": {"street": "ul. Długa 5", "city": "Gdańsk", "postalCode": "80-001", "country": "PL"}}"""
                .formatted(unique, unique, company)));
        made.put("/api/v1/leads/{id}", api -> created(api, "/api/v1/leads", """
                {"firstName": "Jan", "lastName": "Lead %s", "email": "jan.%s@shape.test", "companyName": "Shape"}"""
                .formatted(unique, unique)));
        made.put("/api/v1/deals/{id}", api -> created(api, "/api/v1/deals", """
                {"name": "Deal %s", "companyId": %d, "amount": 1200, "currency": "PLN"}"""
                .formatted(unique, company)));
        made.put("/api/v1/activities/{id}", api -> created(api, "/api/v1/activities", """
                {"type": "MEETING", "subject": "Meeting %s", "occurredAt": "%s", "companyId": %d}"""
                .formatted(unique, tomorrow, company)));
        made.put("/api/v1/tasks/{id}", api -> created(api, "/api/v1/tasks", """
                {"title": "Task %s", "dueAt": "%s", "companyId": %d}""".formatted(unique, tomorrow, company)));
        made.put("/api/v1/tickets/{id}", api -> created(api, "/api/v1/tickets", """
                {"subject": "Ticket %s", "description": "It broke", "companyId": %d}""".formatted(unique, company)));
        made.put("/api/v1/products/{id}", api -> created(api, "/api/v1/products", """
                {"sku": "SHAPE-%s", "name": "Shape %s", "unit": "pcs", "unitPrice": 99.5, "currency": "PLN",
                 "taxRate": 23}""".formatted(unique, unique)));
        made.put("/api/v1/price-lists/{id}", api -> created(api, "/api/v1/price-lists", """
                {"name": "Shape %s", "currency": "EUR"}""".formatted(unique)));
        made.put("/api/v1/quotes/{id}", api -> created(api, "/api/v1/quotes", """
                {"companyId": %d, "lines": [{"description": "Work", "quantity": 2, "unitPrice": 100,
                 "taxRate": 23}]}""".formatted(company)));
        made.put("/api/v1/projects/{id}", api -> created(api, "/api/v1/projects", """
                {"name": "Project %s", "companyId": %d, "startsOn": "2026-12-01", "dueOn": "2027-01-29",
                 "budgetHours": 12.5, "budgetAmount": 9000, "currency": "PLN"}""".formatted(unique, company)));
        made.put("/api/v1/project-templates/{id}", api -> created(api, "/api/v1/project-templates", """
                {"name": "Template %s", "items": [{"key": "m", "kind": "MILESTONE", "title": "Live", "offsetDays": 9},
                 {"key": "a", "title": "First", "durationDays": 2, "milestone": "m"},
                 {"key": "b", "title": "Then", "after": "a", "estimateHours": 1.5}]}""".formatted(unique)));
        made.put("/api/v1/teams/{id}", api -> created(api, "/api/v1/teams", """
                {"name": "Shape %s"}""".formatted(unique)));
        // a user in a team: the teams are what sending a user back used to clear
        made.put("/api/v1/users/{id}", api -> created(api, "/api/v1/users", """
                {"email": "shape-%s@klient.test", "name": "Shape %s", "role": "SALES",
                 "password": "a-long-enough-secret-%s", "teamIds": [%s]}""".formatted(unique, unique, unique,
                created(api, "/api/v1/teams", "{\"name\": \"Shape members " + unique + "\"}")
                        .substring("/api/v1/teams/".length()))));
        made.put("/api/v1/document-templates/{id}", api -> created(api, "/api/v1/document-templates", """
                {"name": "Shape %s", "kind": "QUOTE", "language": "en", "body": "<p>Hello</p>"}"""
                .formatted(unique)));
        made.put("/api/v1/pipelines/{id}", api -> created(api, "/api/v1/pipelines", """
                {"name": "Shape %s", "stages": [{"name": "First", "probability": 10},
                 {"name": "Second", "probability": 60}]}""".formatted(unique)));
        made.put("/api/v1/seller", api -> "/api/v1/seller");
        // GET leaves the SMTP password out; PUT without one keeps the stored password
        made.put("/api/v1/mail/settings", api -> "/api/v1/mail/settings");
        // GET says only whether a token is set; PUT without one keeps the stored token
        made.put("/api/v1/ksef/settings", api -> "/api/v1/ksef/settings");
        made.put("/api/v1/marketing/tracking/settings", api -> "/api/v1/marketing/tracking/settings");
        made.put("/api/v1/marketing/attribution/settings", api -> "/api/v1/marketing/attribution/settings");
        made.put("/api/v1/marketing/purposes/{id}", api -> created(api, "/api/v1/marketing/purposes", """
                {"key": "shape-%s", "labelEn": "Events", "labelPl": "Wydarzenia", "labelCs": "Akce",
                 "wordingEn": "I agree.", "wordingPl": "Zgadzam się.", "wordingCs": "Souhlasím."}"""
                .formatted(unique)));
        made.put("/api/v1/marketing/segments/{id}", api -> created(api, "/api/v1/marketing/segments", """
                {"name": "Shape %s", "kind": "DYNAMIC", "filter": {"match": "ALL", "groups": [{"match": "ANY",
                 "rules": [{"criterion": "customers.tag", "operator": "IS", "value": "shape"}]}]}}"""
                .formatted(unique)));
        made.put("/api/v1/marketing/campaigns/{id}", api -> created(api, "/api/v1/marketing/campaigns", """
                {"name": "Shape %s", "purposeId": %s, "contents": [
                 {"language": "en", "subject": "Hello {{contact.firstName}}", "body": "<p>Hi</p>"},
                 {"language": "pl", "subject": "Dzień dobry", "body": "<p>Cześć</p>"}]}"""
                .formatted(unique, jdbc.sql("select id from consent_purposes where key = 'newsletter'")
                        .query(Long.class).single())));
        // ---- loyalty-rewards
        long club = jdbc.sql("insert into loyalty_programs (name) values (:name) returning id")
                .param("name", "Shape " + unique).query(Long.class).single();
        made.put("/api/v1/loyalty/tiers/{id}", api -> created(api, "/api/v1/loyalty/tiers", """
                {"programId": %d, "nameEn": "Gold", "namePl": "Złoty", "nameCs": "Zlatá", "threshold": 500,
                 "multiplier": 1.5}""".formatted(club)));
        made.put("/api/v1/loyalty/rewards/{id}", api -> created(api, "/api/v1/loyalty/rewards", """
                {"programId": %d, "kind": "AMOUNT", "amount": 50, "currency": "PLN", "nameEn": "50 off",
                 "namePl": "50 zł rabatu", "nameCs": "Sleva 50", "points": 500}""".formatted(club)));
        // ---- analytics: one's dashboard, the customer KPIs' settings, a saved report
        made.put("/api/v1/analytics/dashboard", api -> "/api/v1/analytics/dashboard");
        made.put("/api/v1/analytics/settings", api -> "/api/v1/analytics/settings");
        made.put("/api/v1/analytics/reports/{id}", api -> created(api, "/api/v1/analytics/reports", """
                {"name": "Shape %s", "definition": {"subject": "deals", "filters": [{"field": "status", "op": "EQ",
                 "value": "WON"}], "groupBy": [{"field": "closedAt", "grain": "MONTH"}],
                 "measures": [{"fn": "SUM", "field": "amount"}], "chart": "LINE"}}""".formatted(unique)));
        // ---- automation: a rule, and a webhook subscription (switched off: nothing is sent)
        made.put("/api/v1/automation/rules/{id}", api -> created(api, "/api/v1/automation/rules", """
                {"name": "Shape %s", "recordType": "deal", "trigger": {"kind": "FIELD_CHANGED", "field": "amount"},
                 "conditions": {"match": "ANY", "items": [{"field": "amount", "op": "GE", "value": "1000"}]},
                 "actions": [{"type": "CREATE_TASK", "who": "OWNER", "text": "Call", "amount": 2}]}"""
                .formatted(unique)));
        made.put("/api/v1/automation/webhooks/{id}", api -> created(api, "/api/v1/automation/webhooks", """
                {"url": "http://127.0.0.1:9/shape-%s", "description": "Shape", "eventTypes": ["deal.won"],
                 "enabled": false}""".formatted(unique)));
        // ---- gdpr: a retention rule (the three are there from the start, switched off)
        made.put("/api/v1/privacy/retention-rules/{id}", api -> "/api/v1/privacy/retention-rules/"
                + jdbc.sql("select min(id) from retention_rules").query(Long.class).single());
        // ---- forecast: this year's quotas (one at least)
        made.put("/api/v1/analytics/quotas", api -> {
            long person = testUsers.create(Role.SALES).id();
            api.putJson("/api/v1/analytics/quotas", "{\"quotas\": [{\"userId\": " + person + ", \"month\": \""
                    + java.time.YearMonth.now() + "\", \"amount\": 2500.5}]}");
            return "/api/v1/analytics/quotas";
        });
        // ---- twofactor: the roles that must sign in with a second factor (none, as the suite expects)
        made.put("/api/v1/two-factor/policy", api -> "/api/v1/two-factor/policy");
        return made;
    }

    @Test
    void every_record_read_with_get_goes_back_with_put_unchanged() {
        admin = apiAs(Role.ADMIN);
        company = company(admin, "Shape " + UUID.randomUUID(), "PL", null);
        OpenApi api = OpenApi.of(Http.on(port).get("/api/openapi").body());
        Map<String, Function<Http, String>> creators = creators();
        List<String> failures = new ArrayList<>();
        for (OpenApi.Operation put : api.operations()) {
            if (!put.method().equals("PUT")) {
                continue;
            }
            boolean readable = api.operations().stream()
                    .anyMatch(o -> o.method().equals("GET") && o.path().equals(put.path()));
            boolean record = put.path().endsWith("/{id}") || put.in("path").isEmpty();
            if (!readable || !record || EXCLUDED.containsKey(put.path())) {
                continue;
            }
            if (!creators.containsKey(put.path())) {
                failures.add(put.path() + ": no record to try it on (add one to creators())");
                continue;
            }
            String path = creators.get(put.path()).apply(admin);
            Http.Response read = admin.get(path);
            if (read.status() != 200) {
                failures.add(path + ": GET answered " + read.status() + " " + read.body());
                continue;
            }
            Http.Response written = admin.putJson(path, read.body());
            // a quote is never changed in place: PUT makes its next revision (201), which must be the same offer
            boolean revised = written.status() == 201 && put.path().equals("/api/v1/quotes/{id}");
            if (written.status() != 200 && !revised) {
                failures.add(put.path() + ": PUT of the GET answered " + written.status() + " " + written.body());
                continue;
            }
            JsonNode after = revised ? admin.get("/api/v1/quotes/" + written.json().get("id").asLong()).json()
                    : admin.get(path).json();
            Set<String> ignored = revised ? NEW_REVISION : CHANGED_BY_EVERY_WRITE;
            if (!without(after, ignored).equals(without(read.json(), ignored))) {
                failures.add(put.path() + ": changed by sending it back\n  before " + read.body() + "\n  after  "
                        + after);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void a_field_not_known_to_the_record_is_still_refused() {
        Http api = apiAs(Role.ADMIN);
        long id = company(api, "Unknown field " + UUID.randomUUID(), "PL", null);
        ObjectNode read = (ObjectNode) api.get("/api/v1/companies/" + id).json();
        read.put("colour", "green");
        Http.Response refused = api.putJson("/api/v1/companies/" + id, read.toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("colour");
    }

    @Test
    void patch_changes_only_the_fields_it_names() {
        Http api = apiAs(Role.ADMIN);
        long id = company(api, "Patched " + UUID.randomUUID(), "PL", null);
        JsonNode before = api.get("/api/v1/companies/" + id).json();
        Http.Response patched = api.patch("/api/v1/companies/" + id, "application/merge-patch+json",
                "{\"industry\": \"Bakery\", \"version\": " + before.get("version").asInt() + "}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/companies/" + id).json();
        assertThat(after.get("industry").asString()).isEqualTo("Bakery");
        assertThat(after.get("name")).isEqualTo(before.get("name"));
        assertThat(after.get("billingAddress")).isEqualTo(before.get("billingAddress"));
        assertThat(after.get("country")).isEqualTo(before.get("country"));
    }

    @Test
    void patch_with_null_clears_a_field_and_a_nested_member_merges() {
        Http api = apiAs(Role.ADMIN);
        long id = company(api, "Cleared " + UUID.randomUUID(), "PL", null);
        JsonNode before = api.get("/api/v1/companies/" + id).json();
        Http.Response patched = api.patchJson("/api/v1/companies/" + id, """
                {"billingAddress": {"street": null, "city": "Kraków"}, "version": %d}"""
                .formatted(before.get("version").asInt()));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode address = api.get("/api/v1/companies/" + id).json().get("billingAddress");
        assertThat(address.get("city").asString()).isEqualTo("Kraków");
        assertThat(address.path("street").isNull() || address.path("street").isMissingNode()).isTrue();
        assertThat(address.get("postalCode")).isEqualTo(before.get("billingAddress").get("postalCode"));
    }

    @Test
    void patch_without_the_version_read_or_with_a_stale_one_is_refused() {
        Http api = apiAs(Role.ADMIN);
        long id = company(api, "Versioned " + UUID.randomUUID(), "PL", null);
        int version = api.get("/api/v1/companies/" + id).json().get("version").asInt();
        Http.Response without = api.patchJson("/api/v1/companies/" + id, "{\"industry\": \"Mining\"}");
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.json().get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertThat(api.patchJson("/api/v1/companies/" + id, "{\"industry\": \"Mining\", \"version\": " + version
                + "}").status()).isEqualTo(200);
        Http.Response stale = api.patchJson("/api/v1/companies/" + id, "{\"industry\": \"Fishing\", \"version\": "
                + version + "}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/companies/" + id).json().get("industry").asString()).isEqualTo("Mining");
    }

    @Test
    void patch_is_offered_on_the_main_records_with_the_form_as_its_shape() {
        JsonNode document = Http.on(port).get("/api/openapi").json();
        for (String path : List.of("companies", "contacts", "leads", "deals", "tickets", "tasks", "activities",
                "products")) {
            JsonNode patch = document.path("paths").path("/api/v1/" + path + "/{id}").path("patch");
            JsonNode put = document.path("paths").path("/api/v1/" + path + "/{id}").path("put");
            assertThat(patch.path("requestBody").path("content").path("application/merge-patch+json")
                    .path("schema")).as(path).isEqualTo(put.path("requestBody").path("content")
                            .path("application/json").path("schema"));
        }
        JsonNode view = document.at("/components/schemas/CompanyView/properties");
        assertThat(view.at("/id/readOnly").asBoolean()).isTrue();
        assertThat(view.at("/ownerName/readOnly").asBoolean()).isTrue();
        assertThat(view.at("/name/readOnly").asBoolean()).isFalse();
    }

    private static String created(Http api, String collection, String body) {
        Http.Response answer = api.postJson(collection, body);
        assertThat(answer.status()).as(collection + " " + answer.body()).isEqualTo(201);
        return collection + "/" + answer.json().get("id").asLong();
    }

    private static JsonNode without(JsonNode record, Set<String> fields) {
        ObjectNode copy = ((ObjectNode) record).deepCopy();
        fields.forEach(copy::remove);
        return copy;
    }
}
