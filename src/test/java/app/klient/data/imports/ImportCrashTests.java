package app.klient.data.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.support.SecondNode;
import app.klient.support.WebTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An import running on another node that is killed with SIGKILL in the middle: the batch it was inside is rolled
 * back with the line it would have reached, so when its lease runs out this node goes on after the last committed
 * line, and every row of the file is stored exactly once.
 */
class ImportCrashTests extends WebTest {

    private static final int ROWS = 5_000;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    Imports imports;

    @Autowired
    ImportRunner runner;

    @Autowired
    Users users;

    @Test
    void an_import_killed_with_sigkill_resumes_after_its_last_batch_without_a_row_twice_or_missing() throws Exception {
        UserSummary manager = testUsers.create(Role.MANAGER);
        String marker = "crash" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("Imię;Nazwisko;E-mail;Miasto\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("Ewa;Nowak ").append(i).append(';').append(marker).append('.').append(i).append("@example.pl;")
                    .append(i % 2 == 0 ? "Łódź" : "Kraków").append('\n');
        }
        long id = users.actingAs(manager.id(), () -> {
            long made = imports.upload("contacts", "crash.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
            imports.start(made);
            return made;
        });
        Process node = node();
        try {
            // the other node claims the import and commits a few batches; then it dies inside the next one
            waitFor(() -> progress(id) >= 2L * ImportRunner.BATCH || !node.isAlive(), 600_000);
            assertThat(node.isAlive()).as("the other node works").isTrue();
            waitFor(this::nodeInTransaction, 30_000);
            node.destroyForcibly();
            node.waitFor();
        }
        finally {
            node.destroyForcibly();
        }
        ImportJob atKill = imports.find(id).orElseThrow();
        assertThat(atKill.state()).as("killed while running").isEqualTo("RUNNING");
        assertThat(atKill.created()).as("killed in the middle").isBetween(1L, ROWS - 1L);
        assertThat(stored(marker)).as("what is stored is what the import counted").isEqualTo(atKill.created());
        assertThat(runner.runNext()).as("nothing to claim while the dead node's lease lasts").isFalse();

        // its lease would run out in a minute: here it has
        jdbc.sql("update import_jobs set lease_until = now() - interval '1 second' where id = :id").param("id", id)
                .update();
        assertThat(runner.runNext()).isTrue();

        ImportJob done = imports.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.created()).isEqualTo(ROWS);
        assertThat(done.refused() + done.skipped() + done.updated()).isZero();
        assertThat(stored(marker)).isEqualTo(ROWS);
        assertThat(jdbc.sql("select count(distinct emails[1]) from contacts where emails[1] like :p")
                .param("p", marker + ".%").query(Long.class).single()).as("no row twice").isEqualTo(ROWS);
        assertThat(jdbc.sql("select count(*) from import_rows where job_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(ROWS);
        // the suite shares the database: the people made here go again
        users.actingAs(manager.id(), () -> imports.undo(id));
        assertThat(stored(marker)).isZero();
    }

    private long stored(String marker) {
        return jdbc.sql("select count(*) from contacts where emails[1] like :p").param("p", marker + ".%")
                .query(Long.class).single();
    }

    private long progress(long id) {
        return jdbc.sql("select created + refused from import_jobs where id = :id").param("id", id)
                .query(Long.class).single();
    }

    private boolean nodeInTransaction() {
        return jdbc.sql("""
                select exists (select 1 from pg_stat_activity
                    where application_name = 'import-node' and xact_start is not null
                      and query ~ '(contacts|import_)')""").query(Boolean.class).single();
    }

    private Process node() throws Exception {
        return SecondNode.start(dataSource, "import-node", Map.of("klient.imports.poll-every", "PT0.2S"));
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        SecondNode.waitFor(condition, millis, 20);
    }
}
