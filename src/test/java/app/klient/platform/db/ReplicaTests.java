package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import app.klient.search.GlobalSearch;
import app.klient.support.KlientTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.TransactionAttributeSourceAdvisor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read replica's routing, on two pools over the suite's database told apart by their application names: work
 * that may lag reads from the "replica", a transaction opened inside it and work already in a transaction from the
 * primary, and a replica that does not answer sends those reads to the primary at once for a while. The cluster
 * check (.ci/cluster) runs the same on a real streaming replica.
 */
@KlientTest
class ReplicaTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    GlobalSearch search;

    @Test
    void lagging_reads_go_to_the_replica_and_what_writes_or_is_already_in_a_transaction_to_the_primary() {
        try (ActingDataSource primary = pool("primary-side");
                HikariDataSource replica = ActingDataSource.replicaOf(primary, url("replica-side"), null, null)) {
            primary.useReplica(replica);
            JdbcClient jdbc = JdbcClient.create(primary);
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(primary);
            TransactionTemplate reading = new TransactionTemplate(transactions);
            reading.setReadOnly(true);
            TransactionTemplate own = new TransactionTemplate(transactions);
            own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

            assertThat(read(reading, jdbc)).isEqualTo("primary-side");
            assertThat(Replica.<String>mayLag(() -> read(reading, jdbc))).isEqualTo("replica-side");
            // the audit log's own transaction inside an export writes to the primary
            List<String> both = Replica.<List<String>>mayLag(() -> reading.execute(s -> List.of(name(jdbc),
                    read(own, jdbc))));
            assertThat(both).containsExactly("replica-side", "primary-side");
            // a transaction that wrote reads what it wrote: work joining it stays on its connection
            String joined = own.execute(s -> Replica.<String>mayLag(() -> read(reading, jdbc)));
            assertThat(joined).isEqualTo("primary-side");
        }
    }

    @Test
    void a_replica_that_does_not_answer_sends_lagging_reads_to_the_primary() {
        try (ActingDataSource primary = pool("primary-alone");
                HikariDataSource replica = ActingDataSource.replicaOf(primary,
                        "jdbc:postgresql://127.0.0.1:1/klient?connectTimeout=1", null, null)) {
            primary.useReplica(replica);
            JdbcClient jdbc = JdbcClient.create(primary);
            TransactionTemplate reading = new TransactionTemplate(new DataSourceTransactionManager(primary));
            reading.setReadOnly(true);
            long first = System.nanoTime();
            assertThat(Replica.<String>mayLag(() -> read(reading, jdbc))).isEqualTo("primary-alone");
            assertThat((System.nanoTime() - first) / 1_000_000).isLessThan(5_000);
            // while the replica rests, its reads do not wait for it again
            long second = System.nanoTime();
            assertThat(Replica.<String>mayLag(() -> read(reading, jdbc))).isEqualTo("primary-alone");
            assertThat((System.nanoTime() - second) / 1_000_000).isLessThan(1_000);
        }
    }

    @Test
    void a_method_that_may_lag_is_wrapped_outside_its_transaction() {
        List<Advisor> advisors = List.of(((Advised) search).getAdvisors());
        int mayLag = -1;
        int transaction = -1;
        for (int i = 0; i < advisors.size(); i++) {
            if (advisors.get(i) instanceof DefaultPointcutAdvisor advisor
                    && advisor.getPointcut().getMethodMatcher().toString().contains("MayLag")) {
                mayLag = i;
            }
            if (advisors.get(i) instanceof TransactionAttributeSourceAdvisor
                    || advisors.get(i).getClass().getSimpleName().contains("TransactionAttributeSource")) {
                transaction = i;
            }
        }
        assertThat(mayLag).as(advisors.toString()).isNotNegative();
        assertThat(transaction).as(advisors.toString()).isGreaterThan(mayLag);
    }

    private ActingDataSource pool(String name) {
        ActingDataSource pool = new ActingDataSource();
        pool.setJdbcUrl(url(name));
        pool.setUsername(((HikariDataSource) dataSource).getUsername());
        pool.setPassword(((HikariDataSource) dataSource).getPassword());
        pool.setMaximumPoolSize(2);
        return pool;
    }

    private String url(String name) {
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + name;
    }

    private static String read(TransactionTemplate transaction, JdbcClient jdbc) {
        return transaction.execute(s -> name(jdbc));
    }

    private static String name(JdbcClient jdbc) {
        return jdbc.sql("select current_setting('application_name')").query(String.class).single();
    }
}
