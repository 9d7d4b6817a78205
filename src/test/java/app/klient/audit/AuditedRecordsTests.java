package app.klient.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Records kept with plain SQL (billing, templates, settings) and deletions are in the audit log: who, what, when. */
class AuditedRecordsTests extends WebTest {

    private static final String LINE = """
            "lines": [{"description": "Shelf", "quantity": 2, "unitPrice": 50, "taxRate": 23}]""";

    @Test
    void quotes_orders_invoices_corrections_and_payments_are_in_the_audit_log() {
        Instant start = Instant.now().minusSeconds(1);
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Audited buyer " + UUID.randomUUID(), "PL", null);

        JsonNode quote = api.postJson("/api/v1/quotes", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        long quoteId = quote.get("id").asLong();
        JsonNode revised = api.putJson("/api/v1/quotes/" + quoteId, "{\"companyId\": %d, \"version\": %d, %s}"
                .formatted(company, quote.get("version").asInt(), LINE)).json();
        long revisedId = revised.get("id").asLong();
        JsonNode order = api.postJson("/api/v1/quotes/" + revisedId + "/accept", "{\"version\": %d}"
                .formatted(revised.get("version").asInt())).json();
        long orderId = order.get("id").asLong();
        JsonNode confirmed = api.postJson("/api/v1/orders/" + orderId + "/status", "{\"status\": \"CONFIRMED\", "
                + "\"version\": " + order.get("version").asInt() + "}").json();
        JsonNode invoice = api.postJson("/api/v1/invoices", "{\"orderId\": " + orderId + "}").json();
        long invoiceId = invoice.get("id").asLong();
        long paymentId = api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 10.50}"
                .formatted(invoiceId)).json().get("id").asLong();
        long correctionId = api.postJson("/api/v1/invoices/" + invoiceId + "/corrections", """
                {"reason": "one shelf returned", "lines": [{"description": "Shelf", "quantity": -1,
                 "unitPrice": 50, "taxRate": 23}]}""").json().get("id").asLong();
        JsonNode other = api.postJson("/api/v1/orders", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        api.postJson("/api/v1/orders/" + other.get("id").asLong() + "/status", "{\"status\": \"CANCELLED\", "
                + "\"version\": " + other.get("version").asInt() + "}");

        assertThat(entry("quote", quoteId, "CREATE", seller, start).get("changes").toString())
                .contains("grossTotal", "123.00");
        assertThat(entry("quote", quoteId, "UPDATE", seller, start).get("changes").toString())
                .as("the revision before is superseded").contains("SUPERSEDED");
        assertThat(entry("quote", revisedId, "UPDATE", seller, start).get("changes").toString()).contains("ACCEPTED");
        assertThat(entry("order", orderId, "CREATE", seller, start).get("changes").toString())
                .contains("quoteId", String.valueOf(revisedId));
        assertThat(confirmed.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(entry("order", orderId, "UPDATE", seller, start).get("changes").toString())
                .contains("NEW", "CONFIRMED");
        assertThat(entry("order", other.get("id").asLong(), "UPDATE", seller, start).get("changes").toString())
                .contains("CANCELLED");
        assertThat(entry("invoice", invoiceId, "CREATE", seller, start).get("summary").toString())
                .contains(invoice.get("number").asString());
        assertThat(entry("payment", paymentId, "CREATE", seller, start).get("changes").toString())
                .contains("10.50", String.valueOf(invoiceId));
        assertThat(entry("invoice", correctionId, "CREATE", seller, start).get("changes").toString())
                .contains("CORRECTION", "one shelf returned");
    }

    @Test
    void deleting_a_task_or_a_note_is_in_the_audit_log_with_what_was_deleted() {
        Instant start = Instant.now().minusSeconds(1);
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Audited notes " + UUID.randomUUID(), "PL", null);
        long task = api.postJson("/api/v1/tasks", "{\"title\": \"Call back about the shelves\", \"dueAt\": \"%s\"}"
                .formatted(OffsetDateTime.now().plusDays(1))).json().get("id").asLong();
        assertThat(api.delete("/api/v1/tasks/" + task).status()).isEqualTo(204);
        long note = api.postJson("/api/v1/companies/" + company + "/notes", "{\"body\": \"Prefers invoices by post\"}")
                .json().get("id").asLong();
        assertThat(api.delete("/api/v1/notes/" + note).status()).isEqualTo(204);

        assertThat(entry("task", task, "DELETE", seller, start).get("changes").toString())
                .contains("Call back about the shelves");
        assertThat(entry("note", note, "DELETE", seller, start).get("changes").toString())
                .contains("Prefers invoices by post", String.valueOf(company));
    }

    @Test
    void commission_rules_templates_and_mail_settings_are_in_the_audit_log_without_secrets() {
        Instant start = Instant.now().minusSeconds(1);
        UserSummary admin = testUsers.create(Role.ADMIN);
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(admin);

        long rule = api.postJson("/api/v1/commission-rules", "{\"userId\": %d, \"percent\": 7.5}"
                .formatted(seller.id())).json().get("id").asLong();
        api.delete("/api/v1/commission-rules/" + rule);
        assertThat(entry("commissionRule", rule, "CREATE", admin, start).get("changes").toString())
                .contains("7.50", String.valueOf(seller.id()));
        entry("commissionRule", rule, "DELETE", admin, start);

        String name = "Audited " + UUID.randomUUID().toString().substring(0, 8);
        JsonNode template = api.postJson("/api/v1/document-templates", """
                {"name": "%s", "kind": "LETTER", "language": "en", "body": "Dear {{company.name}}"}"""
                .formatted(name)).json();
        long templateId = template.get("id").asLong();
        api.putJson("/api/v1/document-templates/" + templateId, """
                {"name": "%s", "kind": "LETTER", "language": "en", "body": "Hello {{company.name}}", "version": %d}"""
                .formatted(name, template.get("version").asInt()));
        entry("documentTemplate", templateId, "CREATE", admin, start);
        assertThat(entry("documentTemplate", templateId, "UPDATE", admin, start).get("changes").toString())
                .contains("Dear {{company.name}}", "Hello {{company.name}}");
        api.delete("/api/v1/document-templates/" + templateId);

        JsonNode mailTemplate = api.postJson("/api/v1/email-templates", """
                {"name": "%s", "language": "pl", "subject": "Oferta", "body": "Dzień dobry"}""".formatted(name))
                .json();
        long mailTemplateId = mailTemplate.get("id").asLong();
        api.postJson("/api/v1/email-templates", """
                {"id": %d, "name": "%s", "language": "pl", "subject": "Nowa oferta", "body": "Dzień dobry",
                 "version": %d}""".formatted(mailTemplateId, name, mailTemplate.get("version").asInt()));
        // another test sends the first Polish template it finds: this one is not for sending
        jdbc.sql("update email_templates set active = false where id = :id").param("id", mailTemplateId).update();
        entry("emailTemplate", mailTemplateId, "CREATE", admin, start);
        assertThat(entry("emailTemplate", mailTemplateId, "UPDATE", admin, start).get("changes").toString())
                .contains("Oferta", "Nowa oferta");

        JsonNode settings = api.get("/api/v1/mail/settings").json();
        String secret = "smtp-secret-" + UUID.randomUUID();
        try {
            assertThat(api.putJson("/api/v1/mail/settings", """
                    {"smtpHost": "smtp.audit.test", "smtpPort": 587, "smtpUsername": "klient",
                     "smtpPassword": "%s", "smtpSecurity": "STARTTLS", "fromAddress": "crm@audit.test",
                     "version": %d}""".formatted(secret, settings.get("version").asInt())).status()).isEqualTo(200);
            Map<String, Object> changed = entry("mailSettings", 1, "UPDATE", admin, start);
            assertThat(changed.get("changes").toString()).contains("smtp.audit.test", "smtpPassword")
                    .doesNotContain(secret);
            assertThat(jdbc.sql("select count(*) from audit_events where changes::text like :s or summary like :s")
                    .param("s", "%" + secret + "%").query(Long.class).single()).as("the password is nowhere").isZero();
        }
        finally {
            jdbc.sql("""
                    update mail_settings set smtp_host = null, smtp_username = null, smtp_password = null,
                        from_address = null where id = 1""").update();
        }
    }

    /** The one entry of this kind about this record, by this person, written since the test began. */
    private Map<String, Object> entry(String type, long id, String action, UserSummary by, Instant since) {
        List<Map<String, Object>> rows = jdbc.sql("""
                select actor_id, summary, coalesce(changes::text, '') as changes, occurred_at from audit_events
                where entity_type = :type and entity_id = :id and action = :action and occurred_at >= :since""")
                .param("type", type).param("id", String.valueOf(id)).param("action", action)
                .param("since", java.sql.Timestamp.from(since)).query().listOfRows();
        assertThat(rows).as("%s %s %d in the audit log", action, type, id).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("actor_id")).as("who").isEqualTo(by.id());
        assertThat(row.get("occurred_at")).as("when").isNotNull();
        return row;
    }
}
