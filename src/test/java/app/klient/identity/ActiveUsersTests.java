package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@KlientTest
class ActiveUsersTests {

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    /** The warm-up job, the import's owner mapping and the pickers all read this list: it once stopped at 1,000. */
    @Test
    void every_active_person_is_listed_however_many_there_are() {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("insert into users (email, name, password_hash, role) select 'many-' || n || '@klient.test',"
                    + " 'Many ' || n, 'x', 'SALES' from generate_series(1, 1100) n").update();
            jdbc.sql("insert into users (email, name, password_hash, role, active)"
                    + " values ('gone-many@klient.test', 'Gone', 'x', 'SALES', false)").update();
            long active = jdbc.sql("select count(*) from users where active").query(Long.class).single();

            var listed = users.activeUsers();
            assertThat(listed).hasSize((int) active);
            assertThat(listed).extracting(UserSummary::email).contains("many-1@klient.test", "many-1100@klient.test")
                    .doesNotContain("gone-many@klient.test").doesNotHaveDuplicates();
            tx.setRollbackOnly();
        });
    }
}
