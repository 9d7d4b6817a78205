package app.klient.sales.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import app.klient.platform.privacy.RetentionTarget;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The retention preview names a lead so that its person and its company read apart. */
class UnconvertedLeadsTests extends WebTest {

    @Autowired
    UnconvertedLeads leads;

    @Test
    void a_leads_person_and_company_are_told_apart_in_the_retention_preview() {
        List<Long> ids = List.of(lead("Connie", "Yundt", "Zemlak s.r.o.", null), lead(null, null, "Kapusta sp. k.", "biuro@kapusta.test"),
                lead("Alan", "Staszewski", null, null), lead(null, null, null, "anon@example.test"));
        try {
            List<String> labels = leads.preview(Instant.parse("1971-01-01T00:00:00Z"), 10).first().stream()
                    .filter(item -> ids.contains(item.id())).map(RetentionTarget.Item::label).toList();
            assertThat(labels).containsExactly("Connie Yundt (Zemlak s.r.o.)", "Kapusta sp. k.", "Alan Staszewski",
                    "anon@example.test");
        }
        finally {
            jdbc.sql("delete from leads where id in (:ids)").param("ids", ids).update();
        }
    }

    private long lead(String first, String last, String company, String email) {
        return jdbc.sql("""
                insert into leads (first_name, last_name, company_name, email, created_at)
                values (:first, :last, :company, :email, timestamp '1970-01-01 00:00' + interval '1 second' * (
                    select count(*) from leads where created_at < '1971-01-01'))
                returning id""").param("first", first).param("last", last).param("company", company)
                .param("email", email).query(Long.class).single();
    }
}
