package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every table with a {@code version} column, read from the database catalog, must have an entry here: how to make a
 * record of it and change it through the API (or, where there is none, its page) from a given version. Each entry
 * then shows that a change from version v is taken once: the first wins, the second from the same v answers 409,
 * two sent at the same moment give exactly one 2xx, and a change that does not say its version is a 400 naming
 * {@code version}. A new versioned table without an entry fails {@link #every_versioned_table_has_an_entry()} by
 * name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionedRecordsTests extends WebTest {

    /** Tables whose version is not what an edit names, and why. */
    private static final Map<String, String> NOT_EDITED_BY_VERSION = Map.of(
            "stages", "changed only as part of their pipeline, whose version the pipeline change names",
            "web_forms", "never changed after they are made",
            "lead_scoring_rules", "never changed: a rule is retired (idempotent) and a new one defined",
            "commission_rules", "never changed: defining a rule again retires the old one and inserts a new one",
            "mailboxes", "never changed by a person: removed (idempotent) or polled by the job",
            "flyway_schema_history", "Flyway's own list of migrations: its version is the migration's number",
            // ---- loyalty-points
            "loyalty_accounts", "never edited by a person: a balance is the ledger's, changed by inserted rows only",
            // ---- imports
            "import_jobs", "an import is a job, not a record people edit side by side: its version orders the "
                    + "mapping of a draft, the background run's batches and undo (tested in ImportWizardTests)",
            // ---- channels
            "chats", "changed only by a chat's own transitions (taken, ended, made a ticket), each under a condition "
                    + "on its state that lets one of two agents win (tested in ChatTests), never from a version");

    /** A versioned record type: how to make one, and how to change it from a version (null: the version left out). */
    record Entry(String table, Supplier<Long> create, Change change, boolean namesMissingVersion) {

        @Override
        public String toString() {
            return table;
        }
    }

    @FunctionalInterface
    interface Change {
        /** The HTTP status the change got; {@code n} makes each change differ from the others. */
        int apply(long id, Integer version, int n);
    }

    private UserSummary admin;
    private UserSummary seller;
    private UserSummary agent;

    private Http admin() {
        return api(admin);
    }

    private Http seller() {
        return api(seller);
    }

    private Http agent() {
        return api(agent);
    }

    private static String v(Integer version) {
        return version == null ? "null" : version.toString();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private List<Entry> entries() {
        if (admin == null) {
            admin = testUsers.create(Role.ADMIN);
            seller = testUsers.create(Role.SALES);
            agent = testUsers.create(Role.SUPPORT);
        }
        // with an address: a Polish invoice's FA(3) needs the buyer's
        long company = company(seller(), "Versioned " + unique(), "PL", null);
        String lines = "[{\"description\": \"Conveyor\", \"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}]";
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("teams",
                () -> admin().postJson("/api/v1/teams", "{\"name\": \"Team " + unique() + "\"}").json().get("id")
                        .asLong(),
                (id, version, n) -> admin().putJson("/api/v1/teams/" + id,
                        "{\"name\": \"Team " + unique() + "\", \"version\": " + v(version) + "}").status(), true));
        // one role's rule for one kind (marketing and documents: nobody's test reads by it), reading all throughout
        entries.add(new Entry("access_rules",
                () -> jdbc.sql("select id from access_rules where role = 'MARKETING' and kind = 'document'")
                        .query(Long.class).single(),
                (id, version, n) -> admin().putJson("/api/v1/record-access/" + id, "{\"read\": \"ALL\", \"change\": \""
                        + (n % 2 == 0 ? "NONE" : "OWN") + "\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("users", () -> testUsers.create(Role.SALES).id(),
                (id, version, n) -> {
                    String email = jdbc.sql("select email from users where id = :id").param("id", id)
                            .query(String.class).single();
                    return admin().putJson("/api/v1/users/" + id, """
                            {"email": "%s", "name": "Person %d", "role": "SALES", "teamIds": [], "version": %s}"""
                            .formatted(email, n, v(version))).status();
                }, true));
        entries.add(new Entry("chat_widgets",
                () -> admin().postJson("/api/v1/chat-widgets", "{\"name\": \"Chat " + unique()
                        + "\", \"allowedOrigins\": [\"https://www.example.com\"]}").json().get("widget").get("id")
                        .asLong(),
                (id, version, n) -> admin().putJson("/api/v1/chat-widgets/" + id, "{\"name\": \"Chat " + n + " "
                        + unique() + "\", \"allowedOrigins\": [\"https://www.example.com\"], \"version\": "
                        + v(version) + "}").status(), true));
        entries.add(new Entry("conversations",
                () -> admin().postJson("/api/v1/messages", "{\"channel\": \"sms\", \"from\": \"+48601"
                        + String.format("%06d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000))
                        + "\", \"text\": \"Hello\", \"messageId\": \"v-" + unique() + "\"}").json()
                        .get("conversationId").asLong(),
                (id, version, n) -> admin().postJson("/api/v1/conversations/" + id + "/close",
                        "{\"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("projects",
                () -> seller().postJson("/api/v1/projects", "{\"name\": \"Project " + unique() + "\", \"companyId\": "
                        + company + ", \"startsOn\": \"2026-12-01\"}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/projects/" + id, "{\"name\": \"Project " + n + " "
                        + unique() + "\", \"companyId\": " + company + ", \"startsOn\": \"2026-12-01\", \"version\": "
                        + v(version) + "}").status(), true));
        entries.add(new Entry("project_templates",
                () -> admin().postJson("/api/v1/project-templates", "{\"name\": \"Template " + unique()
                        + "\", \"items\": []}").json().get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/project-templates/" + id, "{\"name\": \"Template " + n
                        + " " + unique() + "\", \"items\": [], \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("project_milestones",
                () -> seller().postJson("/api/v1/projects/" + project(company) + "/milestones",
                        "{\"name\": \"Milestone\", \"dueOn\": \"2026-12-24\"}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/projects/" + projectOf("project_milestones", id)
                        + "/milestones/" + id, "{\"name\": \"Milestone " + n + "\", \"dueOn\": \"2026-12-24\", "
                        + "\"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("time_entries",
                () -> seller().postJson("/api/v1/projects/" + project(company) + "/time",
                        "{\"workedOn\": \"2026-12-01\", \"minutes\": 30}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/projects/" + projectOf("time_entries", id) + "/time/"
                        + id, "{\"workedOn\": \"2026-12-01\", \"minutes\": " + (30 + n) + ", \"version\": "
                        + v(version) + "}").status(), true));
        entries.add(new Entry("companies",
                () -> seller().postJson("/api/v1/companies", "{\"name\": \"Co " + unique() + "\"}").json().get("id")
                        .asLong(),
                (id, version, n) -> seller().putJson("/api/v1/companies/" + id,
                        "{\"name\": \"Co " + n + " " + unique() + "\", \"version\": " + v(version) + "}").status(),
                true));
        entries.add(new Entry("contacts",
                () -> seller().postJson("/api/v1/contacts", "{\"lastName\": \"Nowak\"}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/contacts/" + id,
                        "{\"lastName\": \"Nowak " + n + "\", \"version\": " + v(version) + "}").status(), true));
        String fieldKey = "f" + unique().replace("-", "");
        entries.add(new Entry("custom_field_definitions",
                () -> admin().postJson("/api/v1/custom-fields", """
                        {"entity": "COMPANY", "key": "%s", "type": "TEXT", "labelEn": "Tier", "labelPl": "Poziom",
                         "labelCs": "Úroveň"}""".formatted(fieldKey + unique().substring(0, 4).replaceAll("\\d", "x")))
                        .json().get("id").asLong(),
                (id, version, n) -> {
                    String key = jdbc.sql("select key from custom_field_definitions where id = :id").param("id", id)
                            .query(String.class).single();
                    return admin().putJson("/api/v1/custom-fields/" + id, """
                            {"entity": "COMPANY", "key": "%s", "type": "TEXT", "labelEn": "Tier %d", "labelPl": "Poziom",
                             "labelCs": "Úroveň", "version": %s}""".formatted(key, n, v(version))).status();
                }, true));
        entries.add(new Entry("timeline_entries",
                () -> seller().postJson("/api/v1/companies/" + company + "/notes", "{\"body\": \"First\"}").json()
                        .get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/notes/" + id,
                        "{\"body\": \"Note " + n + "\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("pipelines",
                () -> admin().postJson("/api/v1/pipelines", """
                        {"name": "Funnel %s", "stages": [{"name": "Call", "probability": 10}]}""".formatted(unique()))
                        .json().get("id").asLong(),
                (id, version, n) -> {
                    long stage = jdbc.sql("select id from stages where pipeline_id = :id order by position limit 1")
                            .param("id", id).query(Long.class).single();
                    return admin().putJson("/api/v1/pipelines/" + id, """
                            {"name": "Funnel %s", "version": %s, "stages": [{"id": %d, "name": "Call %d",
                             "probability": %d}]}""".formatted(unique(), v(version), stage, n, 10 + n)).status();
                }, true));
        entries.add(new Entry("deals",
                () -> seller().postJson("/api/v1/deals", "{\"name\": \"Deal\"}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/deals/" + id,
                        "{\"name\": \"Deal " + n + "\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("leads",
                () -> seller().postJson("/api/v1/leads", "{\"lastName\": \"Lead\", \"ownerId\": " + seller.id() + "}")
                        .json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/leads/" + id, "{\"lastName\": \"Lead " + n
                        + "\", \"ownerId\": " + seller.id() + ", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("products",
                () -> admin().postJson("/api/v1/products", product("P-" + unique(), "Bearing", null)).json()
                        .get("id").asLong(),
                (id, version, n) -> {
                    String sku = jdbc.sql("select sku from products where id = :id").param("id", id)
                            .query(String.class).single();
                    return admin().putJson("/api/v1/products/" + id, product(sku, "Bearing " + n, version)).status();
                }, true));
        entries.add(new Entry("price_lists",
                () -> admin().postJson("/api/v1/price-lists", "{\"name\": \"List " + unique() + "\", \"currency\": "
                        + "\"EUR\", \"customerGroup\": \"G" + unique() + "\"}").json().get("id").asLong(),
                (id, version, n) -> {
                    String group = jdbc.sql("select customer_group from price_lists where id = :id").param("id", id)
                            .query(String.class).single();
                    return admin().putJson("/api/v1/price-lists/" + id, "{\"name\": \"List " + unique()
                            + "\", \"currency\": \"EUR\", \"customerGroup\": \"" + group + "\", \"version\": "
                            + v(version) + "}").status();
                }, true));
        entries.add(new Entry("seller_profile", () -> 1L,
                (id, version, n) -> {
                    JsonNode s = admin().get("/api/v1/seller").json();
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (String field : List.of("name", "legalName", "taxId", "vatId", "street", "city", "postalCode",
                            "country", "bankAccount", "email", "phone", "invoicePattern", "correctionPattern",
                            "paymentDays", "taxRates")) {
                        body.put(field, s.get(field));
                    }
                    body.put("version", version);
                    return admin().putJson("/api/v1/seller", json(body)).status();
                }, true));
        // the KSeF settings round-trip what they hold, so the shared switch and environment stay as they were
        entries.add(new Entry("ksef_settings", () -> 1L,
                (id, version, n) -> {
                    JsonNode s = admin().get("/api/v1/ksef/settings").json();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("enabled", s.get("enabled"));
                    body.put("environment", s.get("environment"));
                    body.put("version", version);
                    return admin().putJson("/api/v1/ksef/settings", json(body)).status();
                }, true));
        // a person moves an invoice along its way to KSeF only by sending a rejected one again (the job does the rest)
        entries.add(new Entry("ksef_submissions",
                () -> {
                    long invoice = seller().postJson("/api/v1/invoices", "{\"companyId\": " + company
                            + ", \"lines\": " + lines + "}").json().get("id").asLong();
                    jdbc.sql("""
                            insert into ksef_submissions (invoice_id, state, status_code, status_description)
                            values (:id, 'REJECTED', 450, 'Błąd weryfikacji semantyki dokumentu faktury')""")
                            .param("id", invoice).update();
                    return invoice;
                },
                (id, version, n) -> seller().postJson("/api/v1/invoices/" + id + "/ksef/resend",
                        "{\"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("quotes",
                () -> seller().postJson("/api/v1/quotes", "{\"companyId\": " + company + ", \"lines\": " + lines
                        + "}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/quotes/" + id, "{\"companyId\": " + company
                        + ", \"terms\": \"Revision " + n + "\", \"version\": " + v(version) + ", \"lines\": " + lines
                        + "}").status(), true));
        entries.add(new Entry("orders",
                () -> seller().postJson("/api/v1/orders", "{\"companyId\": " + company + ", \"lines\": " + lines
                        + "}").json().get("id").asLong(),
                (id, version, n) -> seller().postJson("/api/v1/orders/" + id + "/status",
                        "{\"status\": \"CONFIRMED\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("document_templates",
                () -> admin().postJson("/api/v1/document-templates", "{\"name\": \"Letter " + unique()
                        + "\", \"kind\": \"LETTER\", \"language\": \"en\", \"body\": \"Dear customer\"}").json()
                        .get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/document-templates/" + id, "{\"name\": \"Letter "
                        + unique() + "\", \"kind\": \"LETTER\", \"language\": \"en\", \"body\": \"Dear customer " + n
                        + "\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("activities",
                () -> seller().postJson("/api/v1/activities", "{\"type\": \"CALL\", \"subject\": \"Call\", "
                        + "\"companyId\": " + company + "}").json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/activities/" + id, "{\"type\": \"CALL\", \"subject\": "
                        + "\"Call " + n + "\", \"companyId\": " + company + ", \"version\": " + v(version) + "}")
                        .status(), true));
        entries.add(new Entry("tasks",
                () -> seller().postJson("/api/v1/tasks", "{\"title\": \"Task\", \"dueAt\": \"2030-01-01T10:00:00Z\"}")
                        .json().get("id").asLong(),
                (id, version, n) -> seller().putJson("/api/v1/tasks/" + id, "{\"title\": \"Task " + n
                        + "\", \"dueAt\": \"2030-01-01T10:00:00Z\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("mail_settings", () -> 1L,
                (id, version, n) -> {
                    JsonNode s = admin().get("/api/v1/mail/settings").json();
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (String field : List.of("smtpHost", "smtpPort", "smtpUsername", "smtpSecurity", "fromAddress",
                            "fromName")) {
                        body.put(field, s.get(field));
                    }
                    body.put("version", version);
                    return admin().putJson("/api/v1/mail/settings", json(body)).status();
                }, true));
        entries.add(new Entry("email_templates",
                () -> admin().postJson("/api/v1/email-templates", "{\"name\": \"Hello " + unique()
                        + "\", \"language\": \"en\", \"subject\": \"Hi\", \"body\": \"Hello\"}").json().get("id")
                        .asLong(),
                (id, version, n) -> admin().postJson("/api/v1/email-templates", "{\"id\": " + id + ", \"name\": "
                        + "\"Hello " + unique() + "\", \"language\": \"en\", \"subject\": \"Hi " + n + "\", \"body\": "
                        + "\"Hello\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("support_calendar", () -> 1L, this::saveCalendarOnItsPage, false));
        // the website tracking settings: one row; the hosts round-trip as they were
        entries.add(new Entry("tracking_settings", () -> 1L,
                (id, version, n) -> {
                    JsonNode hosts = admin().get("/api/v1/marketing/tracking/settings").json().get("websiteHosts");
                    return admin().putJson("/api/v1/marketing/tracking/settings", "{\"websiteHosts\": " + hosts
                            + ", \"version\": " + v(version) + "}").status();
                }, true));
        entries.add(new Entry("tickets",
                () -> agent().postJson("/api/v1/tickets", "{\"subject\": \"Printer\"}").json().get("id").asLong(),
                (id, version, n) -> agent().putJson("/api/v1/tickets/" + id, "{\"subject\": \"Printer " + n
                        + "\", \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("ticket_categories",
                () -> admin().postJson("/api/v1/ticket-categories", "{\"name\": \"Cat " + unique() + "\"}").json()
                        .get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/ticket-categories/" + id, "{\"name\": \"Cat "
                        + unique() + "\", \"version\": " + v(version) + "}").status(), true));
        // ---- marketing consent
        String purposeBody = """
                {"key": "%s", "labelEn": "Events %d", "labelPl": "Wydarzenia", "labelCs": "Akce", "wordingEn": "I agree.",
                 "wordingPl": "Zgadzam się.", "wordingCs": "Souhlasím.", "active": false, "version": %s}""";
        entries.add(new Entry("consent_purposes",
                () -> admin().postJson("/api/v1/marketing/purposes", purposeBody.formatted("vr-" + unique(), 0, "null"))
                        .json().get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/marketing/purposes/" + id,
                        purposeBody.formatted(jdbc.sql("select key from consent_purposes where id = :id")
                                .param("id", id).query(String.class).single(), n, v(version))).status(), true));
        // one row; the same values each time, so the other tests meet the usual window
        entries.add(new Entry("attribution_settings", () -> 1L,
                (id, version, n) -> admin().putJson("/api/v1/marketing/attribution/settings", "{\"windowDays\": 30, "
                        + "\"model\": \"LAST_TOUCH\", \"countOpens\": false, \"version\": " + v(version) + "}")
                        .status(), true));
        // ---- marketing segments
        entries.add(new Entry("segments",
                () -> admin().postJson("/api/v1/marketing/segments", "{\"name\": \"Segment " + unique()
                        + "\", \"kind\": \"DYNAMIC\", \"filter\": {\"groups\": []}}").json().get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/marketing/segments/" + id, "{\"name\": \"Segment " + n
                        + "\", \"filter\": {\"groups\": []}, \"version\": " + v(version) + "}").status(), true));
        entries.add(new Entry("journeys",
                () -> {
                    long product = admin().postJson("/api/v1/products", product("J-" + unique(), "Kettle", null))
                            .json().get("id").asLong();
                    return admin().postJson("/api/v1/marketing/journeys", "{\"kind\": \"PRODUCT_NOTICE\", "
                            + "\"name\": \"Recall " + unique() + "\", \"productId\": " + product + "}").json()
                            .get("id").asLong();
                },
                (id, version, n) -> admin().patchJson("/api/v1/marketing/journeys/" + id, "{\"name\": \"Recall "
                        + n + "\", \"version\": " + v(version) + "}").status(), true));
        // marketing campaigns
        long newsletter = jdbc.sql("select id from consent_purposes where key = 'newsletter'").query(Long.class).single();
        entries.add(new Entry("campaigns",
                () -> admin().postJson("/api/v1/marketing/campaigns", """
                        {"name": "Campaign %s", "purposeId": %d,
                         "contents": [{"language": "en", "subject": "Hi", "body": "<p>Hi</p>"}]}"""
                        .formatted(unique(), newsletter)).json().get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/marketing/campaigns/" + id, """
                        {"name": "Campaign %d", "purposeId": %d, "version": %s,
                         "contents": [{"language": "en", "subject": "Hi %d", "body": "<p>Hi</p>"}]}"""
                        .formatted(n, newsletter, v(version), n)).status(), true));
        // ---- analytics: a person's own dashboard, its id the person's
        Map<Long, app.klient.identity.UserSummary> dashboardOwners = new java.util.HashMap<>();
        entries.add(new Entry("analytics_dashboards",
                () -> {
                    app.klient.identity.UserSummary person = testUsers.create(Role.SALES);
                    dashboardOwners.put(person.id(), person);
                    api(person).putJson("/api/v1/analytics/dashboard", "{\"tiles\": [], \"version\": 0}");
                    return person.id();
                },
                (id, version, n) -> api(dashboardOwners.get(id)).putJson("/api/v1/analytics/dashboard", "{\"tiles\": "
                        + (n % 2 == 0 ? "[]" : "[\"new-customers\"]") + ", \"version\": " + v(version) + "}")
                        .status(), true));
        entries.add(new Entry("analytics_reports",
                () -> admin().postJson("/api/v1/analytics/reports", "{\"name\": \"Report " + unique()
                        + "\", \"definition\": {\"subject\": \"deals\"}}").json().get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/analytics/reports/" + id, "{\"name\": \"Report " + n
                        + "\", \"definition\": {\"subject\": \"deals\"}, \"version\": " + v(version) + "}")
                        .status(), true));
        // ---- schedule: a report's e-mail schedule, its id the report's
        entries.add(new Entry("analytics_report_schedules",
                () -> {
                    long report = admin().postJson("/api/v1/analytics/reports", "{\"name\": \"Mailed " + unique()
                            + "\", \"definition\": {\"subject\": \"deals\"}}").json().get("id").asLong();
                    admin().putJson("/api/v1/analytics/reports/" + report + "/schedule", "{\"frequency\": "
                            + "\"DAILY\", \"hour\": 7, \"paused\": true}");
                    return report;
                },
                (id, version, n) -> admin().putJson("/api/v1/analytics/reports/" + id + "/schedule", "{\"frequency\": "
                        + "\"MONTHLY\", \"dayOfMonth\": " + (1 + n % 28) + ", \"hour\": 7, \"paused\": true, "
                        + "\"version\": " + v(version) + "}").status(), true));
        // ---- kpi-customers: one row; the default values each time, so the other tests count as usual
        entries.add(new Entry("analytics_settings", () -> 1L,
                (id, version, n) -> admin().putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": 365, "
                        + "\"serviceHourCost\": 0, \"lifespanYears\": 3, \"discountPercent\": 10, \"version\": "
                        + v(version) + "}").status(), true));
        // ---- forecast: a person's quota for a month; a month sent without a version is one the sender saw
        // without a quota, so where there is one it is a 409 (somebody set it meanwhile), not a 400
        entries.add(new Entry("sales_quotas",
                () -> {
                    long person = testUsers.create(Role.SALES).id();
                    admin().putJson("/api/v1/analytics/quotas", "{\"year\": 2026, \"quotas\": [{\"userId\": "
                            + person + ", \"month\": \"2026-03\", \"amount\": 1000}]}");
                    return jdbc.sql("select id from sales_quotas where user_id = :person").param("person", person)
                            .query(Long.class).single();
                },
                (id, version, n) -> {
                    long person = jdbc.sql("select user_id from sales_quotas where id = :id").param("id", id)
                            .query(Long.class).single();
                    return admin().putJson("/api/v1/analytics/quotas", "{\"year\": 2026, \"quotas\": [{\"userId\": "
                            + person + ", \"month\": \"2026-03\", \"amount\": " + (1000 + n) + ", \"version\": "
                            + v(version) + "}]}").status();
                }, false));
        // ---- loyalty-points
        entries.add(new Entry("loyalty_programs",
                () -> admin().postJson("/api/v1/loyalty/programs", "{\"name\": \"Club " + unique()
                        + "\", \"active\": false}").json().get("id").asLong(),
                (id, version, n) -> admin().patchJson("/api/v1/loyalty/programs/" + id, "{\"name\": \"Club " + n
                        + " " + id + "\", \"version\": " + v(version) + "}").status(), true));
        // ---- surveys
        entries.add(new Entry("surveys",
                () -> admin().postJson("/api/v1/surveys", "{\"name\": \"Survey " + unique() + "\", \"kind\": "
                        + "\"NPS\", \"trigger\": \"MANUAL\"}").json().get("id").asLong(),
                (id, version, n) -> admin().patchJson("/api/v1/surveys/" + id, "{\"name\": \"Survey " + n + " "
                        + id + "\", \"version\": " + v(version) + "}").status(), true));
        // ---- loyalty-rewards
        entries.add(new Entry("loyalty_tiers",
                () -> admin().postJson("/api/v1/loyalty/tiers", loyaltyTier(loyaltyProgram(), 100, null)).json()
                        .get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/loyalty/tiers/" + id, loyaltyTier(jdbc.sql(
                        "select program_id from loyalty_tiers where id = :id").param("id", id).query(Long.class)
                        .single(), 100 + n, version)).status(), true));
        entries.add(new Entry("loyalty_rewards",
                () -> admin().postJson("/api/v1/loyalty/rewards", loyaltyReward(loyaltyProgram(), 100, null)).json()
                        .get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/loyalty/rewards/" + id, loyaltyReward(jdbc.sql(
                        "select program_id from loyalty_rewards where id = :id").param("id", id).query(Long.class)
                        .single(), 100 + n, version)).status(), true));
        // ---- automation
        entries.add(new Entry("automation_rules",
                () -> admin().postJson("/api/v1/automation/rules", rule("Rule " + unique(), null)).json().get("id")
                        .asLong(),
                (id, version, n) -> admin().putJson("/api/v1/automation/rules/" + id, rule("Rule " + n, v(version)))
                        .status(), true));
        // ---- webhooks: made switched off, so nothing is sent to the made-up receiver
        entries.add(new Entry("webhook_subscriptions",
                () -> admin().postJson("/api/v1/automation/webhooks", "{\"url\": \"https://203.0.113.10/"
                        + unique() + "\", \"eventTypes\": [\"deal.won\"], \"enabled\": false}").json()
                        .get("id").asLong(),
                (id, version, n) -> admin().putJson("/api/v1/automation/webhooks/" + id, "{\"url\": "
                        + "\"https://203.0.113.10/" + n + "\", \"eventTypes\": [\"deal.won\"], \"version\": "
                        + v(version) + "}").status(), true));
        // ---- gdpr: one rule per kind, so the old e-mails' rule is changed in place, kept off and at its default
        entries.add(new Entry("retention_rules",
                () -> jdbc.sql("select id from retention_rules where kind = 'EMAILS'").query(Long.class).single(),
                (id, version, n) -> admin().putJson("/api/v1/privacy/retention-rules/" + id, "{\"months\": 60, "
                        + "\"action\": \"DELETE\", \"enabled\": false, \"version\": " + v(version) + "}").status(),
                true));
        return entries;
    }

    /** The support calendar has no API: its page is changed, and the page tells whether it was taken. */
    private int saveCalendarOnItsPage(long id, Integer version, int n) {
        Http page = Http.on(port);
        page.login(admin.email(), app.klient.support.TestUsers.PASSWORD);
        page.get("/admin/service");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("zone", jdbc.sql("select zone from support_calendar where id = 1").query(String.class).single());
        form.put("days", jdbc.sql("select days from support_calendar where id = 1").query(String.class).single());
        form.put("opens", jdbc.sql("select to_char(opens, 'HH24:MI') from support_calendar where id = 1")
                .query(String.class).single());
        form.put("closes", jdbc.sql("select to_char(closes, 'HH24:MI') from support_calendar where id = 1")
                .query(String.class).single());
        if (version != null) {
            form.put("version", version.toString());
        }
        Http.Response saved = page.postForm("/admin/service/calendar", form);
        String shown = page.get(saved.location()).body();
        return shown.contains("Someone else changed this record") ? 409 : saved.status() == 302 ? 200 : saved.status();
    }

    // ---- loyalty-rewards
    private long loyaltyProgram() {
        return jdbc.sql("insert into loyalty_programs (name) values (:name) returning id")
                .param("name", "Club " + unique()).query(Long.class).single();
    }

    private static String loyaltyTier(long program, int threshold, Integer version) {
        return """
                {"programId": %d, "nameEn": "Gold", "namePl": "Złoty", "nameCs": "Zlatá", "threshold": %d,
                 "version": %s}""".formatted(program, threshold, version == null ? "null" : version.toString());
    }

    private static String loyaltyReward(long program, int points, Integer version) {
        return """
                {"programId": %d, "kind": "PERCENT", "percent": 10, "nameEn": "Ten off", "namePl": "Dziesięć",
                 "nameCs": "Deset", "points": %d, "version": %s}"""
                .formatted(program, points, version == null ? "null" : version.toString());
    }

    private static String product(String sku, String name, Integer version) {
        return """
                {"sku": "%s", "name": "%s", "unit": "pcs", "category": "Bearings", "unitPrice": 10, "currency": "PLN",
                 "taxRate": 23%s}""".formatted(sku, name, version == null ? "" : ", \"version\": " + version);
    }

    private static String json(Map<String, Object> body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    private int version(Entry entry, long id) {
        return jdbc.sql("select version from " + entry.table() + " where id = :id").param("id", id)
                .query(Integer.class).single();
    }

    Stream<Entry> declared() {
        return entries().stream();
    }

    @Test
    void every_versioned_table_has_an_entry() {
        Set<String> versioned = new TreeSet<>(jdbc.sql("""
                select table_name from information_schema.columns
                where table_schema = current_schema() and column_name = 'version'""").query(String.class).list());
        Set<String> declared = new TreeSet<>(NOT_EDITED_BY_VERSION.keySet());
        entries().forEach(e -> declared.add(e.table()));
        Set<String> missing = new TreeSet<>(versioned);
        missing.removeAll(declared);
        assertThat(missing).as("versioned tables without an entry in VersionedRecordsTests").isEmpty();
        Set<String> gone = new TreeSet<>(declared);
        gone.removeAll(versioned);
        assertThat(gone).as("entries for tables that have no version column").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declared")
    void a_change_from_one_version_is_taken_once(Entry entry) {
        long id = entry.create().get();
        int version = version(entry, id);
        assertThat(entry.change().apply(id, version, 1)).as("the first change from version %d", version)
                .isBetween(200, 299);
        assertThat(version(entry, id)).as("the version moved on").isGreaterThan(version);
        assertThat(entry.change().apply(id, version, 2)).as("a second change from the same version %d", version)
                .isEqualTo(409);
        if (entry.namesMissingVersion()) {
            assertThat(entry.change().apply(id, null, 3)).as("a change without its version").isEqualTo(400);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declared")
    void two_changes_from_one_version_at_the_same_moment_give_exactly_one_success(Entry entry) {
        long id = entry.create().get();
        int version = version(entry, id);
        List<Integer> statuses = Race.run(() -> entry.change().apply(id, version, 1),
                () -> entry.change().apply(id, version, 2));
        assertThat(statuses).as("statuses of the two changes").filteredOn(s -> s >= 200 && s < 300).hasSize(1);
        assertThat(statuses).as("statuses of the two changes").contains(409);
    }

    private static String rule(String name, String version) {
        return "{\"name\": \"" + name + "\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"DEAL_WON\"}, "
                + "\"actions\": [{\"type\": \"NOTIFY\", \"who\": \"OWNER\", \"text\": \"Won\"}]"
                + (version == null ? "" : ", \"version\": " + version) + "}";
    }

    /** A project of the seller's on the company, for its milestones and time. */
    private long project(long company) {
        return seller().postJson("/api/v1/projects", "{\"name\": \"Project " + unique() + "\", \"companyId\": "
                + company + ", \"startsOn\": \"2026-12-01\"}").json().get("id").asLong();
    }

    private long projectOf(String table, long id) {
        return jdbc.sql("select project_id from " + table + " where id = :id").param("id", id).query(Long.class)
                .single();
    }
}
