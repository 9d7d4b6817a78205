package app.klient.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.WebTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.ObjectMapper;

/** Webhooks sent for real, over HTTP, to a receiver on this machine that answers as a test tells it to. */
class WebhookDeliveryTests extends WebTest {

    @Autowired
    WebhookDeliveries deliveries;

    @Autowired
    app.klient.platform.Secrets sealed;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    ObjectMapper json;

    HttpServer receiver;
    /** What the receiver answers to its n-th request (counted from 1). */
    volatile IntUnaryOperator answer = n -> 200;
    final AtomicInteger requests = new AtomicInteger();
    /** Every request: its webhook-id, and whether its signature verified with the subscription's secret. */
    final List<Map.Entry<String, Boolean>> received = new CopyOnWriteArrayList<>();
    final Map<String, Integer> acceptedIds = new ConcurrentHashMap<>();
    final String secret = WebhookSignature.newSecret();
    UserSummary owner;

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean verified = List.of(signature.split(" "))
                    .contains(WebhookSignature.sign(secret, id, timestamp, body));
            received.add(Map.entry(id, verified));
            int status = answer.applyAsInt(requests.incrementAndGet());
            if (status / 100 == 2) {
                acceptedIds.merge(id, 1, Integer::sum);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        receiver.start();
        owner = testUsers.create(Role.ADMIN);
        // deliveries other tests left pending are not this test's
        jdbc.sql("update webhook_deliveries set state = 'FAILED' where state = 'PENDING'").update();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        jdbc.sql("update webhook_subscriptions set enabled = false where enabled").update();
    }

    @Test
    void a_receiver_failing_half_the_deliveries_loses_none_and_sees_each_repeat_under_its_first_id() {
        long subscription = subscription("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                List.of("deal.won"));
        answer = n -> n % 2 == 0 ? 503 : 200;
        for (int i = 0; i < 40; i++) {
            assertThat(deliveries.enqueue("deal.won", Instant.now(), json.createObjectNode().put("id", i)))
                    .isEqualTo(1);
        }
        assertThat(deliveries.enqueue("contact.created", Instant.now(), json.createObjectNode())).isZero();

        for (int round = 0; round < 12 && pending(subscription) > 0; round++) {
            dispatcher.dispatch(100);
            // the pause before the next attempt has passed
            jdbc.sql("update webhook_deliveries set next_attempt_at = now() where subscription_id = :s"
                    + " and state = 'PENDING'").param("s", subscription).update();
        }

        List<String> ids = jdbc.sql("select message_id from webhook_deliveries where subscription_id = :s")
                .param("s", subscription).query(String.class).list();
        assertThat(ids).hasSize(40).allMatch(id -> id.matches("msg_[0-9a-f]{26}"));
        assertThat(jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :s and state = 'DELIVERED'")
                .param("s", subscription).query(Long.class).single()).isEqualTo(40);
        assertThat(acceptedIds).containsOnlyKeys(ids).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
        assertThat(received).hasSizeGreaterThan(40).allMatch(Map.Entry::getValue);
        // every refused attempt is written down with its status, and was repeated under the same id
        assertThat(jdbc.sql("""
                select count(*) from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
                where d.subscription_id = :s and a.status = 503""").param("s", subscription).query(Long.class)
                .single()).isEqualTo(received.size() - 40L);
        assertThat(jdbc.sql("select payload from webhook_deliveries where subscription_id = :s order by id limit 1")
                .param("s", subscription).query(String.class).single())
                .contains("\"type\":\"deal.won\"", "\"data\":{\"id\":0}", "\"timestamp\":");
    }

    @Test
    void a_410_switches_the_subscription_off_and_a_pending_delivery_after_a_failed_attempt_waits_five_seconds() {
        long gone = subscription("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", List.of("*"));
        answer = n -> n == 1 ? 500 : 410;
        deliveries.enqueue("ticket.created", Instant.now(), json.createObjectNode());
        dispatcher.dispatch(10);
        assertThat(jdbc.sql("""
                select extract(epoch from next_attempt_at - now()) from webhook_deliveries where subscription_id = :s""")
                .param("s", gone).query(Double.class).single()).isBetween(3.0, 5.0);
        jdbc.sql("update webhook_deliveries set next_attempt_at = now() where subscription_id = :s")
                .param("s", gone).update();
        dispatcher.dispatch(10);

        assertThat(jdbc.sql("select enabled::text || ' ' || disabled_reason from webhook_subscriptions where id = :s")
                .param("s", gone).query(String.class).single()).isEqualTo("false GONE");
        assertThat(jdbc.sql("select state from webhook_deliveries where subscription_id = :s").param("s", gone)
                .query(String.class).single()).isEqualTo("FAILED");
        assertThat(deliveries.enqueue("ticket.created", Instant.now(), json.createObjectNode())).isZero();
    }

    @Test
    void an_address_inside_this_machines_networks_is_never_contacted_and_three_days_of_failure_switch_it_off() {
        long metadata = subscription("http://169.254.169.254/latest/meta-data/", List.of("deal.won"));
        deliveries.enqueue("deal.won", Instant.now(), json.createObjectNode());
        jdbc.sql("update webhook_subscriptions set failing_since = now() - interval '3 days 1 minute' where id = :s")
                .param("s", metadata).update();
        dispatcher.dispatch(10);

        assertThat(jdbc.sql("""
                select a.error from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
                where d.subscription_id = :s""").param("s", metadata).query(String.class).single())
                .contains("may not reach");
        assertThat(jdbc.sql("select disabled_reason from webhook_subscriptions where id = :s").param("s", metadata)
                .query(String.class).single()).isEqualTo("FAILING");
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u and kind = 'webhook-off'")
                .param("u", owner.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_slow_receiver_holds_one_sender_while_the_others_go_on_delivering() throws Exception {
        java.util.concurrent.CountDownLatch slowArrived = new java.util.concurrent.CountDownLatch(1);
        receiver.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            slowArrived.countDown();
            try {
                Thread.sleep(4_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        long slow = subscription("http://127.0.0.1:" + receiver.getAddress().getPort() + "/slow",
                List.of("deal.lost"));
        long fast = subscription("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                List.of("deal.won"));
        deliveries.enqueue("deal.lost", Instant.now(), json.createObjectNode().put("id", 1));
        Thread pass = new Thread(dispatcher::dispatchDue);
        pass.start();
        try {
            assertThat(slowArrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                deliveries.enqueue("deal.won", Instant.now(), json.createObjectNode().put("id", i));
            }
            long deadline = System.nanoTime() + java.time.Duration.ofMillis(2_500).toNanos();
            while (pending(fast) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // delivered while the slow one is still being answered
            assertThat(pending(fast)).isZero();
            assertThat(pending(slow)).isEqualTo(1);
        }
        finally {
            pass.join(20_000);
        }
        assertThat(pending(slow)).isZero();
    }

    private long subscription(String url, List<String> types) {
        return jdbc.sql("""
                insert into webhook_subscriptions (url, event_types, secret, owner_id)
                values (:url, :types, :secret, :owner) returning id""")
                .param("url", url).param("types", types.toArray(String[]::new)).param("secret", sealed.seal(secret))
                .param("owner", owner.id()).query(Long.class).single();
    }

    private long pending(long subscription) {
        return jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :s and state = 'PENDING'")
                .param("s", subscription).query(Long.class).single();
    }
}
