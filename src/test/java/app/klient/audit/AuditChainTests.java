package app.klient.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The audit log is append-only (the database refuses updates and deletes) and chained by SHA-256, so what is changed
 * behind Klient's back, with the triggers switched off as the tables' owner, is found by the verification.
 */
class AuditChainTests extends WebTest {

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChain chain;

    @Autowired
    PlatformTransactionManager transactions;

    /** Makes an entry's own hashes fit its content again (what a careful forger would do). */
    private static final String REHASH = "update audit_events a set content_hash = audit_event_content(a),"
            + " hash = sha256(a.prev_hash || audit_event_content(a)) where a.id = ";

    private long entry(String summary) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> audit.record(AuditAction.UPDATE, "chainTest",
                1, summary, List.of(new FieldChange("name", "old", summary)), 7L, "chain@klient.test"));
        return jdbc.sql("select max(id) from audit_events where summary = :s").param("s", summary)
                .query(Long.class).single();
    }

    /** Runs SQL as the tables' owner with the log's triggers off, as someone working behind Klient's back. */
    private void behindKlientsBack(String... statements) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("alter table audit_events disable trigger user").update();
            for (String sql : statements) {
                jdbc.sql(sql).update();
            }
            jdbc.sql("alter table audit_events enable trigger user").update();
        });
    }

    @Test
    void the_log_refuses_updates_deletes_and_truncation() {
        long id = entry("append-only " + UUID.randomUUID());
        assertThatThrownBy(() -> jdbc.sql("update audit_events set summary = 'changed' where id = :id")
                .param("id", id).update()).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause().getMessage())
                        .contains("append-only"));
        assertThatThrownBy(() -> jdbc.sql("delete from audit_events where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause().getMessage())
                        .contains("append-only"));
        assertThatThrownBy(() -> jdbc.sql("truncate audit_events").update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause().getMessage())
                        .contains("append-only"));
        assertThat(jdbc.sql("select summary from audit_events where id = :id").param("id", id).query(String.class)
                .single()).startsWith("append-only");
    }

    @Test
    void each_entry_follows_the_one_before_it_and_the_chain_verifies() {
        long first = entry("chained one " + UUID.randomUUID());
        long second = entry("chained two " + UUID.randomUUID());
        assertThat(jdbc.sql("""
                select b.prev_hash = a.hash and b.chain_seq = a.chain_seq + 1
                       and b.hash = sha256(b.prev_hash || b.content_hash)
                  from audit_events a, audit_events b where a.id = :a and b.id = :b""")
                .param("a", first).param("b", second).query(Boolean.class).single()).isTrue();
        AuditChain.Verification result = chain.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.entries()).isEqualTo(count("audit_events"));
        assertThat(result.describe()).isEqualTo("Audit log chain intact, " + result.entries() + " entries");
    }

    @Test
    void a_change_made_with_the_triggers_off_is_found_at_its_entry() {
        String summary = "tampered " + UUID.randomUUID();
        long id = entry(summary);
        entry("after it " + UUID.randomUUID());
        assertThat(chain.verify().intact()).isTrue();

        behindKlientsBack("update audit_events set summary = 'nothing happened' where id = " + id);
        try {
            AuditChain.Verification result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.brokenEntryId()).isEqualTo(id);
            assertThat(result.problem()).isEqualTo(AuditChain.Problem.CHANGED);
            assertThat(result.describe()).contains("broken at entry #" + id).contains("changed");
        }
        finally {
            behindKlientsBack("update audit_events set summary = '" + summary + "' where id = " + id);
        }
        assertThat(chain.verify().intact()).as("put back as it was").isTrue();

        // rewriting the entry's own hashes to match its new content breaks the link to the next entry instead
        behindKlientsBack("update audit_events set summary = 'nothing happened' where id = " + id,
                REHASH + id);
        try {
            AuditChain.Verification result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).isEqualTo(AuditChain.Problem.LINK);
            assertThat(result.brokenPosition()).isEqualTo(jdbc.sql("select chain_seq + 1 from audit_events where id"
                    + " = :id").param("id", id).query(Long.class).single());
        }
        finally {
            behindKlientsBack("update audit_events set summary = '" + summary + "' where id = " + id,
                    REHASH + id);
        }
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void a_deleted_entry_and_deleted_newest_entries_are_found() {
        long gone = entry("deleted " + UUID.randomUUID());
        long next = entry("after the deleted " + UUID.randomUUID());
        behindKlientsBack("drop table if exists audit_chain_test_saved", "create table audit_chain_test_saved as"
                + " select * from audit_events where id in (" + gone + ", " + next + ")",
                "delete from audit_events where id = " + gone);
        try {
            AuditChain.Verification result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.brokenEntryId()).isEqualTo(next);
            assertThat(result.problem()).isEqualTo(AuditChain.Problem.MISSING);

            behindKlientsBack("delete from audit_events where id = " + next);
            result = chain.verify();
            assertThat(result.intact()).as(result.describe()).isFalse();
            assertThat(result.problem()).isEqualTo(AuditChain.Problem.TAIL);
        }
        finally {
            behindKlientsBack("delete from audit_events where id in (" + gone + ", " + next + ")",
                    "insert into audit_events select * from audit_chain_test_saved", "drop table audit_chain_test_saved");
        }
        assertThat(chain.verify().intact()).as("put back as it was").isTrue();
    }

    @Test
    void appends_from_concurrent_transactions_keep_one_chain() throws Exception {
        String run = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                int writer = w;
                writers.add(() -> {
                    for (int i = 0; i < 15; i++) {
                        int n = i;
                        new TransactionTemplate(transactions).executeWithoutResult(s -> {
                            audit.record(AuditAction.UPDATE, "chainTest", writer, run + " " + writer + "/" + n,
                                    List.of(), Optional.empty());
                            // the transaction stays open a little after its append, so others append meanwhile
                            jdbc.sql("select pg_sleep(0.005)").query().singleValue();
                        });
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(writers)) {
                done.get();
            }
        }
        finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("select count(*) from audit_events where summary like :run").param("run", run + " %")
                .query(Long.class).single()).isEqualTo(90);
        assertThat(jdbc.sql("select count(*) from (select prev_hash from audit_events group by prev_hash"
                + " having count(*) > 1) forks").query(Long.class).single()).as("no two entries follow one").isZero();
        AuditChain.Verification result = chain.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();
    }

    @Test
    void an_erasure_redacts_the_log_and_says_so_and_a_redaction_nobody_made_is_found() {
        Http manager = apiAs(Role.MANAGER);
        String last = "Redactowska" + UUID.randomUUID().toString().substring(0, 6);
        String email = last.toLowerCase() + "@example.test";
        Http.Response contact = manager.postJson("/api/v1/contacts?force=true", """
                {"firstName": "Ewa", "lastName": "%s", "emails": ["%s"]}""".formatted(last, email));
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        long id = contact.json().get("id").asLong();
        assertThat(jdbc.sql("select count(*) from audit_events where changes::text like :n").param("n", "%" + last
                + "%").query(Long.class).single()).isPositive();

        Http.Response erased = apiAs(Role.ADMIN).postJson("/api/v1/privacy/erasures", """
                {"contactId": %d, "reason": "CONSENT_WITHDRAWN", "requestedBy": "PERSON"}""".formatted(id));
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from audit_events where changes::text like :n or summary like :n")
                .param("n", "%" + last + "%").query(Long.class).single()).as("the person is out of the log").isZero();
        assertThat(jdbc.sql("""
                select count(*) from audit_events where entity_type = 'auditLog' and changes -> 0 ->> 'field'
                    = 'redactedEntries' and (changes -> 0 ->> 'newValue')::int > 0""").query(Long.class).single())
                .as("the erasure said how many entries it redacted").isPositive();
        AuditChain.Verification result = chain.verify();
        assertThat(result.intact()).as(result.describe()).isTrue();

        // a row marked redacted behind Klient's back (its content changed) is not accounted for by any erasure
        String marked = "marked " + UUID.randomUUID();
        long other = entry(marked);
        entry("after the marked " + UUID.randomUUID());
        behindKlientsBack("update audit_events set redacted_at = now(), summary = 'hidden' where id = " + other);
        try {
            result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).isEqualTo(AuditChain.Problem.REDACTION);
            assertThat(result.brokenEntryId()).isEqualTo(other);
        }
        finally {
            behindKlientsBack("update audit_events set redacted_at = null, summary = '" + marked + "' where id = "
                    + other);
        }
        assertThat(chain.verify().intact()).as("put back as it was").isTrue();
    }

    @Test
    void an_administrator_verifies_and_exports_the_log_over_the_api_and_the_page() {
        String marker = "exported " + UUID.randomUUID();
        entry(marker);
        Http api = apiAs(Role.ADMIN);
        Http.Response verified = api.postJson("/api/v1/audit/verification", "");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode result = verified.json();
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("entries").asLong()).isPositive();
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/audit/verification", "").status()).isEqualTo(403);

        Http.Response csv = api.get("/api/v1/audit/export?entityType=chainTest&actor=chain%40klient.test&from=2020-01-01");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("Position in the chain").contains(marker).doesNotContain("Signed in");
        assertThat(api.get("/api/v1/audit/export?action=NOPE").status()).isEqualTo(400);
        // a change longer than a spreadsheet cell holds is cut there in the workbook, not an error
        new TransactionTemplate(transactions).executeWithoutResult(s -> audit.record(AuditAction.UPDATE, "chainTest",
                2, "long " + marker, List.of(new FieldChange("note", null, "x".repeat(40_000))), 7L, "chain@klient.test"));
        assertThat(api.get("/api/v1/audit/export?format=xlsx&entityType=chainTest").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/export?entityType=chainTest").body()).contains("x".repeat(40_000));
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'EXPORT' and entity_type = 'auditLog'")
                .query(Long.class).single()).as("the export is audited").isPositive();

        Http page = administrator();
        assertThat(page.get("/admin/audit").body()).contains("Verify the chain");
        Http.Response verify = page.postForm("/admin/audit/verify", java.util.Map.of());
        assertThat(verify.status()).isEqualTo(302);
        assertThat(page.get("/admin/audit").body()).contains("Chain intact");
        Http.Response file = page.get("/admin/audit/export.csv?entityType=chainTest");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).contains(marker);
    }
}
