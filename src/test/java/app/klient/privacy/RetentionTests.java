package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retention on the shared database: the rules tried here keep records for a hundred years, and the records they
 * should take are dated before that, so no other test's records are touched; every rule is put back as it was.
 */
class RetentionTests extends WebTest {

    private static final int CENTURY = 1200;

    @Autowired
    RetentionRules rules;

    @Test
    void a_rule_previews_what_it_would_touch_and_its_run_anonymizes_old_leads_everywhere() {
        Http admin = apiAs(Role.ADMIN);
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        jdbc.sql("update leads set created_at = '1901-01-01' where id = ?").param(person.leadId).update();
        JsonNode rule = rule(admin, "LEADS_NOT_CONVERTED");
        long id = rule.get("id").asLong();
        try {
            JsonNode preview = admin.get("/api/v1/privacy/retention-rules/" + id + "/preview?months=" + CENTURY)
                    .json();
            assertThat(preview.get("count").asLong()).isEqualTo(1);
            assertThat(preview.get("first").get(0).get("id").asLong()).isEqualTo(person.leadId);
            assertThat(admin.postJson("/api/v1/privacy/retention-rules/" + id + "/run", "{}").status())
                    .as("a rule that is off does not run").isEqualTo(409);

            Http.Response on = admin.putJson("/api/v1/privacy/retention-rules/" + id, """
                    {"months": %d, "action": "ANONYMIZE", "enabled": true, "version": %d}"""
                    .formatted(CENTURY, rule.get("version").asInt()));
            assertThat(on.status()).as(on.body()).isEqualTo(200);
            JsonNode run = admin.postJson("/api/v1/privacy/retention-rules/" + id + "/run", "{}").json();

            assertThat(run.get("records").asInt()).isEqualTo(1);
            assertThat(jdbc.sql("select email from leads where id = ?").param(person.leadId).query(String.class)
                    .optional()).isEmpty();
            assertThat(DatabaseScan.find(jdbc, List.of(person.email)))
                    .as("the lead's address is gone from what the lead shared with its contact too").isEmpty();
            assertThat(admin.get("/api/v1/privacy/retention-rules/" + id + "/preview").json().get("count").asLong())
                    .isZero();
            JsonNode line = admin.get("/api/v1/privacy/requests?kind=RETENTION&size=1").json().get("items").get(0);
            assertThat(line.get("ruleId").asLong()).isEqualTo(id);
            assertThat(line.get("result").get("records").asInt()).isEqualTo(1);
            assertThat(line.get("requestedBy").asString()).isEqualTo("COMPANY");
        }
        finally {
            restore(rule);
        }
    }

    @Test
    void old_e_mails_are_deleted_with_their_attachments_and_a_rule_of_contacts_may_not_delete() {
        Http admin = apiAs(Role.ADMIN);
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        jdbc.sql("update emails set at = '1901-01-01' where contact_id = ?").param(person.contactId).update();
        JsonNode emails = rule(admin, "EMAILS");
        JsonNode contacts = rule(admin, "CONTACTS_INACTIVE");
        try {
            assertThat(admin.putJson("/api/v1/privacy/retention-rules/" + contacts.get("id").asLong(), """
                    {"months": 60, "action": "DELETE", "enabled": true, "version": %d}"""
                    .formatted(contacts.get("version").asInt())).body()).contains("\"action\"");
            assertThat(admin.putJson("/api/v1/privacy/retention-rules/" + emails.get("id").asLong(), """
                    {"months": 0, "action": "DELETE", "enabled": true, "version": %d}"""
                    .formatted(emails.get("version").asInt())).body()).contains("\"months\"");
            assertThat(admin.putJson("/api/v1/privacy/retention-rules/" + emails.get("id").asLong(), """
                    {"months": %d, "action": "DELETE", "enabled": true, "version": %d}"""
                    .formatted(CENTURY, emails.get("version").asInt() + 7)).status()).isEqualTo(409);
            assertThat(admin.putJson("/api/v1/privacy/retention-rules/" + emails.get("id").asLong(), """
                    {"months": %d, "action": "DELETE", "enabled": true, "version": %d}"""
                    .formatted(CENTURY, emails.get("version").asInt())).status()).isEqualTo(200);

            assertThat(admin.postJson("/api/v1/privacy/retention-rules/" + emails.get("id").asLong() + "/run", "{}")
                    .json().get("records").asInt()).isEqualTo(1);
            assertThat(count("emails where contact_id = " + person.contactId)).isZero();
            assertThat(DatabaseScan.find(jdbc, List.of("Order by " + person.fullName()))).isEmpty();
        }
        finally {
            restore(emails);
            restore(contacts);
        }
    }

    @Test
    void two_nodes_never_apply_the_same_rule_at_once() {
        JsonNode rule = rule(apiAs(Role.ADMIN), "CONTACTS_INACTIVE");
        long id = rule.get("id").asLong();
        jdbc.sql("update retention_rules set enabled = true, months = ?, last_run_at = null where id = ?")
                .params(CENTURY, id).update();
        try {
            List<Boolean> ran = Race.run(rules::runDue, rules::runDue);

            assertThat(ran).containsExactlyInAnyOrder(true, false);
            assertThat(jdbc.sql("select last_run_at is not null and leased_until is null from retention_rules "
                    + "where id = ?").param(id).query(Boolean.class).single()).isTrue();
            assertThat(rules.runDue()).as("once a day").isFalse();
        }
        finally {
            restore(rule);
        }
    }

    private static JsonNode rule(Http admin, String kind) {
        for (JsonNode rule : admin.get("/api/v1/privacy/retention-rules").json().get("items")) {
            if (rule.get("kind").asString().equals(kind)) {
                return rule;
            }
        }
        throw new IllegalStateException(kind);
    }

    private void restore(JsonNode rule) {
        jdbc.sql("""
                update retention_rules set months = ?, action = ?, enabled = ?, last_run_at = null, last_count = null,
                       leased_until = null, version = version + 1 where id = ?""")
                .params(rule.get("months").asInt(), rule.get("action").asString(), rule.get("enabled").asBoolean(),
                        rule.get("id").asLong()).update();
    }
}
