package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.RetentionTarget;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The rule of contacts without activity asks every module, not the timeline only: a contact with a recent ticket,
 * on an open deal or with a recent invoice is active, and neither previewed nor anonymized. The rule keeps records
 * for a hundred years and the contacts tried are dated before that, so no other test's records are touched.
 */
class ContactActivityRetentionTests extends WebTest {

    private static final int CENTURY = 1200;

    @Autowired
    RetentionRules rules;

    private final String marker = "Ra" + UUID.randomUUID().toString().substring(0, 8);

    private long person(Http api, String first) {
        Http.Response made = api.postJson("/api/v1/contacts", "{\"firstName\": \"" + first + "\", \"lastName\": \""
                + marker + "\", \"address\": {\"street\": \"ul. Długa 5\", \"city\": \"Kraków\", \"postalCode\": "
                + "\"30-001\", \"country\": \"PL\"}}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    @Test
    void contacts_with_a_recent_ticket_an_open_deal_or_a_recent_invoice_are_kept_and_the_idle_one_goes() {
        Http admin = apiAs(Role.ADMIN);
        long ticketed = person(admin, "Tomasz");
        long dealing = person(admin, "Dorota");
        long invoiced = person(admin, "Ignacy");
        long idle = person(admin, "Ilona");

        Http.Response ticket = admin.postJson("/api/v1/tickets", "{\"subject\": \"" + marker + " printer\", "
                + "\"contactId\": " + ticketed + "}");
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        long deal = admin.postJson("/api/v1/deals", "{\"name\": \"" + marker + " deal\"}").json().get("id").asLong();
        jdbc.sql("insert into deal_contacts (deal_id, contact_id) values (?, ?)").params(deal, dealing).update();
        Http.Response invoice = admin.postJson("/api/v1/invoices", "{\"contactId\": " + invoiced + ", \"currency\": "
                + "\"PLN\", \"lines\": [{\"description\": \"Usługa\", \"quantity\": 1, \"unitPrice\": 100, "
                + "\"taxRate\": 23}]}");
        assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);
        List<Long> all = List.of(ticketed, dealing, invoiced, idle);
        // the records and their timelines are a hundred years old; only what the other modules keep is recent
        jdbc.sql("update contacts set updated_at = '1901-01-01' where id in (:ids)").param("ids", all).update();
        jdbc.sql("update timeline_entries set occurred_at = '1901-01-01' where contact_id in (:ids)")
                .param("ids", all).update();

        JsonNode rule = rule(admin);
        long id = rule.get("id").asLong();
        try {
            List<Long> previewed = rules.preview(id, CENTURY, 100).first().stream().map(RetentionTarget.Item::id)
                    .toList();
            assertThat(previewed).contains(idle).doesNotContain(ticketed, dealing, invoiced);

            Http.Response on = admin.putJson("/api/v1/privacy/retention-rules/" + id, """
                    {"months": %d, "action": "ANONYMIZE", "enabled": true, "version": %d}"""
                    .formatted(CENTURY, rule.get("version").asInt()));
            assertThat(on.status()).as(on.body()).isEqualTo(200);
            Http.Response run = admin.postJson("/api/v1/privacy/retention-rules/" + id + "/run", "{}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);

            assertThat(jdbc.sql("select id from contacts where id in (:ids) and last_name = :erased")
                    .param("ids", all).param("erased", DataSubject.ERASED).query(Long.class).list())
                    .containsExactly(idle);
            assertThat(jdbc.sql("select count(*) from contacts where id in (:ids) and last_name = :m")
                    .param("ids", all).param("m", marker).query(Long.class).single()).isEqualTo(3);
        }
        finally {
            jdbc.sql("""
                    update retention_rules set months = ?, action = ?, enabled = ?, last_run_at = null,
                           last_count = null, leased_until = null, version = version + 1 where id = ?""")
                    .params(rule.get("months").asInt(), rule.get("action").asString(),
                            rule.get("enabled").asBoolean(), id).update();
        }
    }

    private static JsonNode rule(Http admin) {
        for (JsonNode rule : admin.get("/api/v1/privacy/retention-rules").json().get("items")) {
            if (rule.get("kind").asString().equals("CONTACTS_INACTIVE")) {
                return rule;
            }
        }
        throw new IllegalStateException("CONTACTS_INACTIVE");
    }
}
