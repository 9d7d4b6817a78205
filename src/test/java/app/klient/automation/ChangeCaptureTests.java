package app.klient.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.automation.RecordChange.Operation;
import app.klient.automation.internal.ChangeQueue;
import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The database writes down every change to a watched kind of record, whichever code made it, and nothing else. */
class ChangeCaptureTests extends WebTest {

    @Autowired
    ChangeQueue queue;

    @Autowired
    TransactionTemplate transactions;

    @AfterEach
    void watchNothing() {
        queue.watchOnly(List.of());
        jdbc.sql("delete from automation_changes").update();
    }

    @Test
    void a_contact_made_and_changed_over_the_api_is_written_down_with_what_changed() {
        queue.watchOnly(List.of("contact"));
        Http api = apiAs(Role.SALES);
        String name = "Capture " + UUID.randomUUID();
        long id = api.postJson("/api/v1/contacts", "{\"firstName\": \"Ewa\", \"lastName\": \"" + name + "\"}")
                .json().get("id").asLong();
        Http.Response changed = api.patchJson("/api/v1/contacts/" + id, "{\"firstName\": \"Eva\", \"version\": 0}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        // the same values again change nothing
        api.patchJson("/api/v1/contacts/" + id,
                "{\"firstName\": \"Eva\", \"version\": " + changed.json().get("version").asInt() + "}");

        List<RecordChange> changes = taken().stream().filter(c -> c.recordId() == id).toList();
        assertThat(changes).extracting(RecordChange::operation).containsExactly(Operation.CREATE, Operation.UPDATE);
        assertThat(changes.get(0).valueAfter("last_name").asString()).isEqualTo(name);
        RecordChange update = changes.get(1);
        assertThat(update.changed()).contains("first_name").doesNotContain("version", "updated_at", "last_name");
        assertThat(update.valueBefore("first_name").asString()).isEqualTo("Ewa");
        assertThat(update.valueAfter("first_name").asString()).isEqualTo("Eva");
        assertThat(update.recordType()).isEqualTo("contact");
        assertThat(update.depth()).isZero();
    }

    @Test
    void only_watched_kinds_are_written_and_a_rolled_back_change_leaves_nothing() {
        queue.watchOnly(List.of("deal"));
        Http api = apiAs(Role.SALES);
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Unwatched " + UUID.randomUUID() + "\"}")
                .json().get("id").asLong();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("insert into tasks (title, due_at, assignee_id) select 'Rolled back', now(), id from users limit 1").update();
            tx.setRollbackOnly();
        });
        queue.watchOnly(List.of("task"));
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("insert into tasks (title, due_at, assignee_id) select 'Rolled back', now(), id from users limit 1").update();
            tx.setRollbackOnly();
        });

        assertThat(taken()).noneMatch(c -> c.recordType().equals("contact") && c.recordId() == contact)
                .noneMatch(c -> c.recordType().equals("task"));
    }

    @Test
    void one_statement_over_many_rows_writes_a_change_for_each_and_an_action_says_how_deep_it_ran() {
        queue.watchOnly(List.of("contact"));
        String marker = "Bulk " + UUID.randomUUID();
        jdbc.sql("insert into contacts (first_name, last_name) select 'B' || n, :marker from generate_series(1, 500) n")
                .param("marker", marker).update();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("select set_config('klient.automation_depth', '2', true)").query(String.class).single();
            jdbc.sql("update contacts set first_name = first_name || '!' where last_name = :marker")
                    .param("marker", marker).update();
        });

        List<RecordChange> changes = taken().stream()
                .filter(c -> marker.equals(c.valueAfter("last_name").asString())).toList();
        assertThat(changes).hasSize(1000);
        assertThat(changes.stream().filter(c -> c.operation() == Operation.UPDATE))
                .hasSize(500).allMatch(c -> c.depth() == 2 && c.changed().equals(List.of("first_name")));
        assertThat(changes.stream().filter(c -> c.operation() == Operation.CREATE)).allMatch(c -> c.depth() == 0);
    }

    private List<RecordChange> taken() {
        return transactions.execute(tx -> queue.take(10_000));
    }
}
