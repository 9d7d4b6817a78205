package app.klient.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import app.klient.automation.Rule.Action;
import app.klient.automation.Rule.Conditions;
import app.klient.automation.Rule.Trigger;
import app.klient.automation.Rule.TriggerKind;
import app.klient.automation.internal.RuleEngine;
import app.klient.automation.webhook.WebhookDeliveries;
import app.klient.automation.webhook.WebhookSignature;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.support.SecondNode;
import app.klient.support.WebTest;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The engine and the webhook sender on two nodes at once, one of them killed with SIGKILL while both work through a
 * stream of new deals: every deal gets its rule's task exactly once (a run is done in the transaction that takes
 * it, so the dead node's half-done batch is rolled back and done again by the other), and every webhook delivery
 * reaches the receiver at least once, a repeat under the same webhook-id (the dead node's leases run out and the
 * other node sends those again).
 */
class AutomationCrashTests extends WebTest {

    private static final Logger log = LoggerFactory.getLogger(AutomationCrashTests.class);
    private static final int BATCHES = 20;
    private static final int PER_BATCH = 100;
    private static final int KILL_AFTER = 10;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    Rules rules;

    @Autowired
    Users users;

    @Autowired
    RuleEngine engine;

    @Autowired
    WebhookDeliveries deliveries;

    @Autowired
    app.klient.platform.Secrets sealed;

    @Autowired
    ApplicationContext context;

    @Autowired
    ObjectMapper json;

    @Autowired
    PlatformTransactionManager transactions;

    /** How many times the receiver accepted each webhook-id. */
    private final Map<String, Integer> received = new ConcurrentHashMap<>();
    private final AtomicInteger unsigned = new AtomicInteger();
    private int made;

    @Test
    void a_node_killed_with_sigkill_mid_stream_leaves_no_task_twice_or_missing_and_no_delivery_lost() throws Exception {
        long began = System.nanoTime();
        String secret = WebhookSignature.newSecret();
        HttpServer receiver = receiver(secret);
        String prefix = "Crash " + UUID.randomUUID().toString().substring(0, 8) + " #";
        UserSummary seller = testUsers.create(Role.SALES);
        long admin = jdbc.sql("select id from users where email = 'admin@klient.test'").query(Long.class).single();
        Rule rule = users.actingAs(admin, () -> {
            Rule saved = rules.create(new Rule(null, "Call every new deal " + prefix, null, "deal",
                    Trigger.of(TriggerKind.CREATED), Conditions.NONE, List.of(new Action("CREATE_TASK", "OWNER",
                            null, null, "Call about {record}", null, null, null, 1, null, null, null, null)),
                    false, null, null, null, null, null, null));
            return rules.setEnabled(saved.id(), true, saved.version());
        });
        long subscription = jdbc.sql("""
                insert into webhook_subscriptions (url, event_types, secret, owner_id, description)
                values (:url, '{deal.created}', :secret, :owner, 'crash test') returning id""")
                .param("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .param("secret", sealed.seal(secret)).param("owner", admin).query(Long.class).single();
        Object dispatcher = context.getBean(Class.forName("app.klient.automation.webhook.WebhookDispatcher"));
        AtomicBoolean running = new AtomicBoolean();
        AtomicBoolean sending = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread here = null;
        Process node = node();
        try {
            // a first deal, done by the other node alone: its jobs have started (a cold JVM beside the suite is slow)
            List<Long> probe = deals(prefix, seller.id(), 1);
            enqueue(probe);
            waitFor(() -> tasks(prefix) == 1 && !received.isEmpty() || !node.isAlive(), 240_000);
            assertThat(node.isAlive()).as("the other node works").isTrue();
            long working = System.nanoTime();

            // this JVM is the second node from now on: its engine competes with the other's for the same changes and
            // runs; its sender starts when the other dies, and finds what the other held under its lease
            running.set(true);
            here = new Thread(() -> {
                try {
                    while (running.get()) {
                        int done = engine.dispatch(1000) + engine.runDue(250);
                        if (sending.get()) {
                            done += (Integer) ReflectionTestUtils.invokeMethod(dispatcher, "dispatch", 256);
                        }
                        if (done == 0) {
                            Thread.sleep(200);
                        }
                    }
                }
                catch (Throwable e) {
                    failed.set(e);
                }
            }, "second-node");
            here.start();

            long dealsAtKill = 0;
            long tasksAtKill = 0;
            long deliveredAtKill = 0;
            long enqueuedAtKill = 0;
            int leased = 0;
            for (int batch = 1; batch <= BATCHES; batch++) {
                enqueue(deals(prefix, seller.id(), PER_BATCH));
                long until = System.currentTimeMillis() + 300;
                do {
                    // SIGKILL, from half-way on, at a moment the node is inside a transaction of the engine and
                    // holds deliveries under its lease
                    if (node.isAlive() && batch >= KILL_AFTER && nodeInTransaction()
                            && leased(subscription) > 0) {
                        node.destroyForcibly();
                        node.waitFor();
                        dealsAtKill = 1 + (long) batch * PER_BATCH;
                        tasksAtKill = tasks(prefix);
                        deliveredAtKill = received.size();
                        enqueuedAtKill = jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :s")
                                .param("s", subscription).query(Long.class).single();
                        leased = leased(subscription);
                        // what the dead node held waits for its lease to run out (a minute): here it has
                        jdbc.sql("""
                                update webhook_deliveries set leased_until = now() - interval '1 second'
                                where subscription_id = :s and state = 'PENDING' and leased_until > now()""")
                                .param("s", subscription).update();
                        sending.set(true);
                    }
                    Thread.sleep(10);
                }
                while (System.currentTimeMillis() < until);
            }
            assertThat(node.isAlive()).as("a moment to kill the node came").isFalse();
            assertThat(tasksAtKill).as("killed in the middle of the runs").isBetween(1L, dealsAtKill - 1);
            assertThat(deliveredAtKill).as("killed in the middle of the deliveries")
                    .isBetween(1L, enqueuedAtKill - 1);
            assertThat(leased).as("deliveries the dead node held").isPositive();
            long total = 1 + (long) BATCHES * PER_BATCH;
            waitFor(() -> failed.get() != null || tasks(prefix) >= total && pending(subscription) == 0
                    && runsLeft(rule.id()) == 0, 180_000);
            running.set(false);
            here.join();
            assertThat(failed.get()).as("the surviving node failed").isNull();

            assertThat(jdbc.sql("select count(*) from deals where name like :p").param("p", prefix + "%")
                    .query(Long.class).single()).isEqualTo(total);
            assertThat(jdbc.sql("""
                    select count(*) from deals d where d.name like :p
                    and (select count(*) from tasks t where t.deal_id = d.id) <> 1""").param("p", prefix + "%")
                    .query(Long.class).single()).as("deals without their task, or with two").isZero();
            assertThat(jdbc.sql("""
                    select count(*) || ' ' || count(distinct record_id) || ' ' || count(*) filter (where state = 'DONE')
                    from automation_runs where rule_id = :r""").param("r", rule.id()).query(String.class).single())
                    .as("one run per deal, each done").isEqualTo(total + " " + total + " " + total);

            Set<String> messageIds = new HashSet<>(jdbc.sql("""
                    select message_id from webhook_deliveries where subscription_id = :s and state = 'DELIVERED'""")
                    .param("s", subscription).query(String.class).list());
            assertThat(messageIds).as("every delivery delivered").hasSizeGreaterThanOrEqualTo((int) total);
            assertThat(jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :s")
                    .param("s", subscription).query(Long.class).single()).isEqualTo(messageIds.size());
            assertThat(received.keySet()).as("each reached the receiver, a repeat under its own webhook-id")
                    .isEqualTo(messageIds);
            assertThat(unsigned.get()).as("requests whose signature did not verify").isZero();
            int repeats = received.values().stream().mapToInt(n -> n - 1).sum();
            assertThat(repeats).as("only what the dead node had in flight is sent again").isLessThanOrEqualTo(leased);
            log.info("Killed at {} of {} deals with {} tasks made and {} deliveries received; {} deliveries leased by"
                    + " the dead node, {} received twice; the node took {} s to start, the stream and the rest {} s",
                    dealsAtKill, total, tasksAtKill, deliveredAtKill, leased, repeats,
                    (working - began) / 1_000_000_000, (System.nanoTime() - working) / 1_000_000_000);
        }
        finally {
            running.set(false);
            if (here != null) {
                here.join(30_000);
            }
            node.destroyForcibly();
            receiver.stop(0);
            users.actingAs(admin, () -> {
                rules.delete(rule.id());
                return null;
            });
            jdbc.sql("update webhook_subscriptions set enabled = false where id = :s").param("s", subscription)
                    .update();
            jdbc.sql("delete from automation_changes where record_type = 'deal'").update();
        }
    }

    /** Deals made in one statement, as an import would: the database writes a change for each. */
    private List<Long> deals(String prefix, long owner, int n) {
        List<Long> ids = jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount)
                select :prefix || i, s.pipeline_id, s.id, :owner, 1000
                from generate_series(:from, :to) i,
                     (select id, pipeline_id from stages where active order by pipeline_id, position limit 1) s
                returning id""").param("prefix", prefix).param("owner", owner).param("from", made + 1)
                .param("to", made + n).query(Long.class).list();
        made += n;
        return ids;
    }

    /** The deliveries of the deals' events (the engine's own publication of events is built beside this test). */
    private void enqueue(List<Long> deals) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (long id : deals) {
                deliveries.enqueue("deal.created", Instant.now(), json.createObjectNode().put("id", id));
            }
        });
    }

    private long tasks(String prefix) {
        return jdbc.sql("select count(*) from tasks t join deals d on d.id = t.deal_id where d.name like :p")
                .param("p", prefix + "%").query(Long.class).single();
    }

    /** Whether the other node is inside a transaction of the engine or the sender (its connections are named). */
    private boolean nodeInTransaction() {
        return jdbc.sql("""
                select exists (select 1 from pg_stat_activity
                    where application_name = 'automation-node' and xact_start is not null
                      and query ~ '(automation_|webhook_|tasks|timeline)')""").query(Boolean.class).single();
    }

    private int leased(long subscription) {
        return jdbc.sql("""
                select count(*) from webhook_deliveries
                where subscription_id = :s and state = 'PENDING' and leased_until > now()""")
                .param("s", subscription).query(Integer.class).single();
    }

    private long pending(long subscription) {
        return jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :s and state = 'PENDING'")
                .param("s", subscription).query(Long.class).single();
    }

    private long runsLeft(long rule) {
        return jdbc.sql("select count(*) from automation_runs where rule_id = :r and state in ('PENDING', 'WAITING')")
                .param("r", rule).query(Long.class).single()
                + jdbc.sql("select count(*) from automation_changes where record_type = 'deal'").query(Long.class)
                        .single();
    }

    private HttpServer receiver(String secret) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (!List.of(signature.split(" ")).contains(WebhookSignature.sign(secret, id, timestamp, body))) {
                unsigned.incrementAndGet();
            }
            received.merge(id, 1, Integer::sum);
            try {
                // a receiver that takes its time: the sender has deliveries in flight when the node dies
                Thread.sleep(200);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        return server;
    }

    /**
     * The node's busy jobs each get a thread: Spring's scheduler has one by default, and the engine's pass
     * (AutomationJobs.work) runs until no change is left, so under a steady stream of changes the webhook sender
     * would wait for the stream to end.
     */
    private Process node() throws Exception {
        return SecondNode.start(dataSource, "automation-node", Map.of("spring.datasource.hikari.maximum-pool-size", "6",
                "spring.task.scheduling.pool.size", "4", "klient.webhooks.allowed-networks", "127.0.0.1/32"));
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        SecondNode.waitFor(condition, millis, 50);
    }
}
