package app.klient.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import app.klient.automation.RecordChange;
import app.klient.automation.internal.ChangeQueue;
import app.klient.identity.Role;
import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Changes made through the API become signed messages at a receiver on this machine: the events derived from each
 * change, the record in camelCase, what an update changed, and the Standard Webhooks headers; a rotated secret, a
 * test event and a redelivery under the same webhook-id.
 */
class WebhookPublishTests extends WebTest {

    private static final String BASE = "/api/v1/automation/webhooks";

    @Autowired
    ChangeQueue queue;

    @Autowired
    WebhookEvents events;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ObjectMapper json;

    HttpServer receiver;
    volatile int answer = 200;
    /** Every request as it came: its headers and body. */
    final List<Received> received = new CopyOnWriteArrayList<>();
    Http admin;

    record Received(String id, long timestamp, String signature, byte[] body) {

        JsonNode json(ObjectMapper mapper) {
            return mapper.readTree(body);
        }

        boolean signedWith(String secret) {
            return List.of(signature.split(" ")).contains(WebhookSignature.sign(secret, id, timestamp, body));
        }
    }

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        admin = apiAs(Role.ADMIN);
        // what other tests left behind is not this test's
        jdbc.sql("update webhook_subscriptions set enabled = false where enabled").update();
        jdbc.sql("update webhook_deliveries set state = 'FAILED' where state = 'PENDING'").update();
        jdbc.sql("delete from automation_changes").update();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        jdbc.sql("update webhook_subscriptions set enabled = false where enabled").update();
        queue.watchOnly(List.of());
        jdbc.sql("delete from automation_changes").update();
    }

    @Test
    void a_deal_made_and_won_over_the_api_reaches_the_receiver_signed_with_its_record_in_camel_case() {
        JsonNode subscription = subscribe("[\"deal.created\", \"deal.won\", \"contact.segment_joined\"]");
        String secret = subscription.get("secret").asString();
        assertThat(events.watchedRecordTypes()).containsExactlyInAnyOrder("deal", "segment_member");
        queue.watchOnly(events.watchedRecordTypes());

        Http seller = apiAs(Role.SALES);
        String name = "Hook " + UUID.randomUUID();
        long company = seller.postJson("/api/v1/companies", "{\"name\": \"" + name + "\"}").json().get("id").asLong();
        JsonNode deal = seller.postJson("/api/v1/deals", "{\"name\": \"" + name + "\", \"companyId\": " + company
                + ", \"amount\": 1200}").json();
        long id = deal.get("id").asLong();
        // each message is made moments after its change, and shows the deal as it stands then
        publishAndSend();
        Http.Response won = seller.postJson("/api/v1/deals/" + id + "/won", "{\"version\": "
                + deal.get("version").asInt() + "}");
        assertThat(won.status()).as(won.body()).isEqualTo(200);

        publishAndSend();

        // sent side by side, so they may arrive in either order
        List<Received> mine = received.stream().filter(r -> r.json(json).path("data").path("id").asLong() == id)
                .sorted(java.util.Comparator.comparing(r -> r.json(json).get("type").asString())).toList();
        assertThat(mine).extracting(r -> r.json(json).get("type").asString())
                .containsExactly("deal.created", "deal.won");
        assertThat(mine).allMatch(r -> r.signedWith(secret))
                .allMatch(r -> r.id().matches("msg_[0-9a-f]{26}"))
                .allMatch(r -> Math.abs(r.timestamp() - System.currentTimeMillis() / 1000) < 60);
        JsonNode created = mine.get(0).json(json);
        assertThat(created.get("timestamp").asString()).isNotBlank();
        JsonNode data = created.get("data");
        assertThat(data.get("name").asString()).isEqualTo(name);
        assertThat(data.get("companyId").asLong()).isEqualTo(company);
        assertThat(data.has("stageId")).isTrue();
        assertThat(data.get("status").asString()).isEqualTo("OPEN");
        assertThat(data.propertyNames()).noneMatch(k -> k.contains("_") || k.startsWith("search"));
        assertThat(data.has("changed")).isFalse();
        JsonNode wonData = mine.get(1).json(json).get("data");
        assertThat(wonData.get("status").asString()).isEqualTo("WON");
        assertThat(wonData.get("changed")).extracting(JsonNode::asString).contains("status");
        assertThat(wonData.get("previous").get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void a_messages_data_is_the_record_exactly_as_the_api_shows_it() {
        subscribe("[\"deal.won\", \"contact.created\", \"contact.updated\", \"contact.deleted\"]");
        queue.watchOnly(events.watchedRecordTypes());
        Http seller = apiAs(Role.SALES);
        String name = "Shown " + UUID.randomUUID();
        long company = seller.postJson("/api/v1/companies", "{\"name\": \"" + name + "\"}").json().get("id").asLong();
        JsonNode contact = seller.postJson("/api/v1/contacts", "{\"firstName\": \"Ola\", \"lastName\": \"" + name
                + "\", \"companyId\": " + company + ", \"emails\": [\"ola@example.com\"]}").json();
        long contactId = contact.get("id").asLong();
        JsonNode deal = seller.postJson("/api/v1/deals", "{\"name\": \"" + name + "\", \"companyId\": " + company
                + ", \"contactIds\": [" + contactId + "], \"lines\": [{\"description\": \"Setup\", \"quantity\": 2,"
                + " \"unitPrice\": 600, \"taxRate\": 23}]}").json();
        long dealId = deal.get("id").asLong();
        assertThat(seller.postJson("/api/v1/deals/" + dealId + "/won", "{\"version\": " + deal.get("version").asInt()
                + "}").status()).isEqualTo(200);
        JsonNode dealNow = seller.get("/api/v1/deals/" + dealId).json();
        JsonNode contactNow = seller.get("/api/v1/contacts/" + contactId).json();

        publishAndSend();

        JsonNode wonData = only("deal.won", dealId).get("data").deepCopy();
        assertThat(wonData.get("changed")).extracting(JsonNode::asString).contains("status");
        assertThat(((tools.jackson.databind.node.ObjectNode) wonData).remove(List.of("changed", "previous")))
                .isEqualTo(dealNow);
        assertThat(wonData.get("companyName").asString()).isEqualTo(name);
        assertThat(wonData.get("ownerName").asString()).isNotBlank();
        assertThat(wonData.get("stageName").asString()).isNotBlank();
        assertThat(wonData.get("lines")).hasSize(1);
        assertThat(only("contact.created", contactId).get("data")).isEqualTo(contactNow);
        assertThat(contactNow.get("createdAt").asString()).endsWith("Z");

        // an update names the API's fields it changed, with their values before, as the API writes them
        assertThat(seller.patch("/api/v1/contacts/" + contactId, "application/merge-patch+json", "{\"jobTitle\": "
                + "\"Buyer\", \"version\": " + contactNow.get("version").asInt() + "}").status()).isEqualTo(200);
        publishAndSend();
        JsonNode updated = only("contact.updated", contactId).get("data");
        assertThat(updated.get("jobTitle").asString()).isEqualTo("Buyer");
        assertThat(updated.get("changed")).extracting(JsonNode::asString).contains("jobTitle")
                .doesNotContain("searchText");
        assertThat(updated.get("previous").get("jobTitle").isNull()).isTrue();

        // a deleted record is its id
        assertThat(admin.delete("/api/v1/contacts/" + contactId).status()).isEqualTo(204);
        publishAndSend();
        JsonNode deleted = only("contact.deleted", contactId).get("data");
        assertThat(deleted.propertyNames()).containsExactly("id");
    }

    @Test
    void a_subscription_gets_only_the_records_its_owner_may_read() {
        app.klient.identity.UserSummary owner = testUsers.create(Role.ADMIN);
        Http.Response made = api(owner).postJson(BASE, "{\"url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\", \"eventTypes\": [\"deal.created\"]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        queue.watchOnly(events.watchedRecordTypes());
        // the subscription's owner is a salesperson now, and salespeople read only their own deals
        jdbc.sql("update users set role = 'SALES' where id = :id").param("id", owner.id()).update();
        AccessRules.set(admin, Role.SALES, "deal", "OWN", "OWN");
        try {
            String name = "Hook scope " + UUID.randomUUID();
            long others = apiAs(Role.SALES).postJson("/api/v1/deals", "{\"name\": \"" + name + " other\"}").json()
                    .get("id").asLong();
            long owners = admin.postJson("/api/v1/deals", "{\"name\": \"" + name + " own\", \"ownerId\": "
                    + owner.id() + "}").json().get("id").asLong();
            publishAndSend();
            assertThat(received).extracting(r -> r.json(json).path("data").path("id").asLong())
                    .contains(owners).doesNotContain(others);
        }
        finally {
            AccessRules.set(admin, Role.SALES, "deal", "ALL", "OWN");
        }
    }


    private JsonNode only(String type, long recordId) {
        List<JsonNode> messages = received.stream().map(r -> r.json(json))
                .filter(m -> m.get("type").asString().equals(type) && m.path("data").path("id").asLong() == recordId)
                .toList();
        assertThat(messages).as(type).hasSize(1);
        return messages.get(0);
    }

    @Test
    void only_enabled_subscriptions_decide_what_is_watched_and_every_event_watches_every_kind() {
        assertThat(events.watchedRecordTypes()).isEmpty();
        JsonNode tickets = subscribe("[\"ticket.status_changed\", \"email.received\"]");
        assertThat(events.watchedRecordTypes()).containsExactlyInAnyOrder("ticket", "email");
        JsonNode all = subscribe("[\"*\"]");
        assertThat(events.watchedRecordTypes()).hasSize(WebhookEvents.RECORD_TYPES.size() + 1)
                .containsAll(WebhookEvents.RECORD_TYPES).contains("segment_member");
        admin.postJson(BASE + "/" + all.get("id").asLong() + "/disable", "{\"version\": 0}");
        admin.postJson(BASE + "/" + tickets.get("id").asLong() + "/disable", "{\"version\": 0}");
        assertThat(events.watchedRecordTypes()).isEmpty();
    }

    @Test
    void every_event_of_a_change_is_derived_from_what_it_changed() {
        ObjectMapper m = json;
        RecordChange stageAndWon = new RecordChange(1, "deal", 7, RecordChange.Operation.UPDATE,
                List.of("stage_id", "status"), m.readTree("{\"stage_id\": 1, \"status\": \"OPEN\"}"),
                m.readTree("{\"id\": 7, \"stage_id\": 2, \"status\": \"WON\"}"), 0, java.time.Instant.now());
        assertThat(WebhookEvents.events(stageAndWon)).containsExactly("deal.updated", "deal.stage_changed",
                "deal.won");
        assertThat(WebhookEvents.events(change("deal", RecordChange.Operation.UPDATE, List.of("status"),
                "{\"status\": \"LOST\"}"))).containsExactly("deal.updated", "deal.lost");
        assertThat(WebhookEvents.events(change("ticket", RecordChange.Operation.UPDATE, List.of("status"),
                "{\"status\": \"RESOLVED\"}"))).containsExactly("ticket.updated", "ticket.status_changed");
        assertThat(WebhookEvents.events(change("lead", RecordChange.Operation.CREATE, List.of(),
                "{\"web_form_id\": 3}"))).containsExactly("lead.created", "lead.form_submitted");
        assertThat(WebhookEvents.events(change("lead", RecordChange.Operation.CREATE, List.of(),
                "{\"web_form_id\": null}"))).containsExactly("lead.created");
        assertThat(WebhookEvents.events(change("email", RecordChange.Operation.CREATE, List.of(),
                "{\"direction\": \"INBOUND\"}"))).containsExactly("email.created", "email.received");
        assertThat(WebhookEvents.events(change("email", RecordChange.Operation.CREATE, List.of(),
                "{\"direction\": \"OUTBOUND\"}"))).containsExactly("email.created");
        assertThat(WebhookEvents.events(change("segment_member", RecordChange.Operation.CREATE, List.of(),
                "{\"contact_id\": 5}"))).containsExactly("contact.segment_joined");
        assertThat(WebhookEvents.events(new RecordChange(1, "segment_member", 5, RecordChange.Operation.DELETE,
                List.of(), m.readTree("{\"contact_id\": 5}"), null, 0, java.time.Instant.now())))
                .containsExactly("contact.segment_left");
        assertThat(WebhookEvents.events(new RecordChange(1, "invoice", 5, RecordChange.Operation.DELETE,
                List.of(), m.readTree("{\"id\": 5}"), null, 0, java.time.Instant.now())))
                .containsExactly("invoice.deleted");

        // a kind with no API read is its row in camelCase without helpers and credentials; a record gone, its id
        JsonNode member = events.data(new RecordChange(1, "segment_member", 5, RecordChange.Operation.CREATE,
                List.of(), null, m.readTree("{\"contact_id\": 5, \"segment_id\": 2, \"search_text\": \"t\", "
                        + "\"token_hash\": \"y\"}"), 0, java.time.Instant.now()));
        assertThat(member.propertyNames()).containsExactlyInAnyOrder("contactId", "segmentId");
        JsonNode gone = events.data(new RecordChange(1, "ticket", Long.MAX_VALUE, RecordChange.Operation.UPDATE,
                List.of("status"), m.readTree("{\"status\": \"NEW\"}"), m.readTree("{\"status\": \"OPEN\"}"), 0,
                java.time.Instant.now()));
        assertThat(gone.propertyNames()).containsExactly("id");
    }

    @Test
    void a_rotated_secret_signs_along_with_the_new_one_for_a_day_and_a_redelivery_keeps_its_webhook_id() {
        JsonNode subscription = subscribe("[\"ticket.created\"]");
        long id = subscription.get("id").asLong();
        String old = subscription.get("secret").asString();
        JsonNode rotated = admin.postJson(BASE + "/" + id + "/rotate-secret", "{}").json();
        String current = rotated.get("secret").asString();
        assertThat(current).isNotEqualTo(old).startsWith("whsec_");
        assertThat(rotated.get("previousSecret").asString()).isEqualTo(old);

        Http.Response test = admin.postJson(BASE + "/" + id + "/test", "{}");
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        long delivery = test.json().get("id").asLong();
        String messageId = test.json().get("messageId").asString();
        dispatcher.dispatch(10);
        assertThat(received).hasSize(1);
        Received first = received.get(0);
        assertThat(first.id()).isEqualTo(messageId);
        assertThat(first.json(json).get("type").asString()).isEqualTo("webhook.test");
        assertThat(first.signedWith(current)).isTrue();
        assertThat(first.signedWith(old)).isTrue();

        // sent again as the same message; asked again while it waits, it is refused
        assertThat(admin.postJson(BASE + "/" + id + "/deliveries/" + delivery + "/redeliver", "{}").json()
                .get("state").asString()).isEqualTo("PENDING");
        assertThat(admin.postJson(BASE + "/" + id + "/deliveries/" + delivery + "/redeliver", "{}").status())
                .isEqualTo(409);
        // a day later the old secret signs no more
        jdbc.sql("update webhook_subscriptions set previous_secret_until = now() - interval '1 second' where id = :id")
                .param("id", id).update();
        dispatcher.dispatch(10);
        assertThat(received).hasSize(2);
        Received again = received.get(1);
        assertThat(again.id()).isEqualTo(messageId);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.signedWith(current)).isTrue();
        assertThat(again.signedWith(old)).isFalse();

        JsonNode details = admin.get(BASE + "/" + id + "/deliveries/" + delivery).json();
        assertThat(details.get("delivery").get("state").asString()).isEqualTo("DELIVERED");
        assertThat(details.get("delivery").get("attempts").asInt()).isEqualTo(2);
        assertThat(details.get("attempts")).hasSize(2).allMatch(a -> a.get("status").asInt() == 200);
        JsonNode log = admin.get(BASE + "/" + id + "/deliveries?size=10").json();
        assertThat(log.get("total").asLong()).isEqualTo(1);
        assertThat(log.get("items").get(0).get("messageId").asString()).isEqualTo(messageId);
        assertThat(admin.get(BASE + "/" + id).json().get("lastDelivery").get("status").asInt()).isEqualTo(200);
    }

    @Test
    void a_failed_delivery_sent_again_reaches_the_receiver_under_its_first_id() {
        JsonNode subscription = subscribe("[\"ticket.created\"]");
        long id = subscription.get("id").asLong();
        answer = 500;
        long delivery = admin.postJson(BASE + "/" + id + "/test", "{}").json().get("id").asLong();
        dispatcher.dispatch(10);
        // every retry spent
        jdbc.sql("update webhook_deliveries set state = 'FAILED', next_attempt_at = null where id = :id")
                .param("id", delivery).update();
        answer = 204;
        assertThat(admin.postJson(BASE + "/" + id + "/deliveries/" + delivery + "/redeliver", "{}").status())
                .isEqualTo(202);
        dispatcher.dispatch(10);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).id()).isEqualTo(received.get(0).id());
        assertThat(jdbc.sql("select state from webhook_deliveries where id = :id").param("id", delivery)
                .query(String.class).single()).isEqualTo("DELIVERED");
        assertThat(jdbc.sql("select count(*) from webhook_deliveries where subscription_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void two_administrators_sending_a_message_again_together_queue_it_once() {
        long id = subscribe("[\"deal.won\"]").get("id").asLong();
        long delivery = admin.postJson(BASE + "/" + id + "/test", "{}").json().get("id").asLong();
        dispatcher.dispatch(10);
        Http other = apiAs(Role.ADMIN);
        List<Integer> statuses = app.klient.support.Race.run(
                () -> admin.postJson(BASE + "/" + id + "/deliveries/" + delivery + "/redeliver", "{}").status(),
                () -> other.postJson(BASE + "/" + id + "/deliveries/" + delivery + "/redeliver", "{}").status());
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        dispatcher.dispatch(10);
        dispatcher.dispatch(10);
        assertThat(received).hasSize(2).extracting(Received::id).containsOnly(received.get(0).id());
    }

    private JsonNode subscribe(String eventTypes) {
        Http.Response made = admin.postJson(BASE, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook\", \"eventTypes\": " + eventTypes + "}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    /** What the automation dispatcher does with the queue: take the changes and publish them in one transaction. */
    private void publishAndSend() {
        transactions.executeWithoutResult(tx -> events.publish(queue.take(1000)));
        dispatcher.dispatch(100);
    }

    private RecordChange change(String type, RecordChange.Operation operation, List<String> changed, String after) {
        return new RecordChange(1, type, 1, operation, changed, json.readTree("{}"), json.readTree(after), 0,
                java.time.Instant.now());
    }
}
