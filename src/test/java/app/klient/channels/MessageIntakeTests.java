package app.klient.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import app.klient.automation.OutboundWebhooks;
import app.klient.automation.webhook.WebhookSignature;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.AccessRules;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Messages from a gateway and the agents' answers, with a real HTTP receiver standing in for the messaging gateway
 * and the phone system: it checks each request's Standard Webhooks signature and answers as the test tells it.
 */
class MessageIntakeTests extends WebTest {

    @Autowired
    OutboundWebhooks webhooks;

    @Autowired
    ObjectMapper json;

    HttpServer gateway;
    volatile IntUnaryOperator answer = n -> 200;
    final AtomicInteger requests = new AtomicInteger();
    /** Each request: its body and its signature headers. */
    final List<String[]> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] { new String(body, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature") });
            exchange.sendResponseHeaders(answer.applyAsInt(requests.incrementAndGet()), -1);
            exchange.close();
        });
        gateway.start();
        // deliveries other tests left pending are not this test's
        jdbc.sql("update webhook_deliveries set state = 'FAILED' where state = 'PENDING'").update();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    String hook() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort() + "/hook";
    }

    static String channel() {
        return "sms-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    }

    static String message(String channel, String from, String name, String text, String id) {
        return """
                {"channel": "%s", "from": "%s", "senderName": "%s", "text": "%s", "messageId": "%s",
                 "sentAt": "2026-12-07T10:00:00Z",
                 "attachments": [{"url": "https://gw.example.com/m/%s.jpg", "name": "photo.jpg",
                                  "contentType": "image/jpeg"}]}""".formatted(channel, from, name, text, id, id);
    }

    boolean verified(String[] request, String secret) {
        return List.of(request[3].split(" ")).contains(WebhookSignature.sign(secret, request[1],
                Long.parseLong(request[2]), request[0].getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void messages_match_their_sender_thread_per_channel_and_address_and_a_repeat_doubles_nothing() {
        Http gatewayApi = apiAs(Role.ADMIN);
        UserSummary owner = testUsers.create(Role.SUPPORT);
        String number = CallIntakeTests.newNumber();
        long eva = gatewayApi.postJson("/api/v1/contacts", "{\"firstName\": \"Eva\", \"lastName\": \"Svobodová " + number
                + "\", \"phones\": [\"+48" + number + "\"], \"emails\": [\"eva." + number + "@example.com\"], "
                + "\"ownerId\": " + owner.id() + "}").json().get("id").asLong();
        String sms = channel();
        String firstId = "m-" + UUID.randomUUID();
        try (EventStream ownersPage = signedIn(owner).events("/live", null)) {
            CallIntakeTests.awaitOpen(ownersPage);
            Http.Response first = gatewayApi.postJson("/api/v1/messages",
                    message(sms, CallIntakeTests.spaced(number), "Eva", "Dobrý den, <b>kde</b> je zásilka?", firstId));
            assertThat(first.status()).as(first.body()).isEqualTo(201);
            EventStream.Event notice = ownersPage.next("notice", 5);
            assertThat(notice).as("the customer's owner is told").isNotNull();
            assertThat(notice.json().get("kind").asString()).isEqualTo("message");
            assertThat(notice.json().get("url").asString())
                    .isEqualTo("/conversations/" + first.json().get("conversationId").asLong());
        }
        long conversation = gatewayApi.postJson("/api/v1/messages",
                message(sms, "+48" + number, "Eva", "Dobrý den, kde je zásilka?", firstId)).json()
                .get("conversationId").asLong();
        Http.Response repeat = gatewayApi.postJson("/api/v1/messages",
                message(sms, "+48" + number, "Eva", "again", firstId));
        assertThat(repeat.status()).isEqualTo(200);
        gatewayApi.postJson("/api/v1/messages", message(sms, "0048" + number, "", "A druhá zpráva", "m-" + UUID.randomUUID()));

        JsonNode thread = gatewayApi.get("/api/v1/conversations/" + conversation).json();
        assertThat(thread.get("contactId").asLong()).isEqualTo(eva);
        assertThat(thread.get("address").asString()).isEqualTo("+48" + number);
        assertThat(thread.get("unread").asInt()).isEqualTo(2);
        assertThat(thread.get("senderName").asString()).isEqualTo("Eva");
        assertThat(thread.get("messages")).hasSize(2);
        assertThat(thread.get("messages").get(0).get("text").asString()).isEqualTo("Dobrý den, <b>kde</b> je zásilka?");
        assertThat(thread.get("messages").get(0).get("attachments").get(0).get("name").asString()).isEqualTo("photo.jpg");
        assertThat(gatewayApi.get("/api/v1/contacts/" + eva + "/timeline").body()).contains("A druhá zpráva");

        // the same person on another channel, by e-mail: another conversation on the same card
        JsonNode mail = gatewayApi.postJson("/api/v1/messages", message("whatsapp-" + sms, "Eva." + number
                + "@Example.com", "Eva", "Hi", "m-" + UUID.randomUUID())).json();
        assertThat(mail.get("conversationId").asLong()).isNotEqualTo(conversation);
        assertThat(gatewayApi.get("/api/v1/conversations?contactId=" + eva).json().get("total").asLong()).isEqualTo(2);

        // closed, then opened again by the customer's next message
        int version = gatewayApi.get("/api/v1/conversations/" + conversation).json().get("version").asInt();
        assertThat(gatewayApi.postJson("/api/v1/conversations/" + conversation + "/close", "{\"version\": " + version
                + "}").json().get("state").asString()).isEqualTo("CLOSED");
        gatewayApi.postJson("/api/v1/messages", message(sms, "+48" + number, "Eva", "Jsem tu znovu", "m-" + UUID.randomUUID()));
        JsonNode reopened = gatewayApi.get("/api/v1/conversations/" + conversation).json();
        assertThat(reopened.get("state").asString()).isEqualTo("OPEN");
        assertThat(reopened.get("messages")).hasSize(3);

        // a handle nobody has: stored, listed, linked later
        JsonNode stranger = gatewayApi.postJson("/api/v1/messages", message(sms, "@nobody_" + number, "Nobody", "Hello",
                "m-" + UUID.randomUUID())).json();
        JsonNode unknown = gatewayApi.get("/api/v1/conversations/" + stranger.get("conversationId").asLong()).json();
        assertThat(unknown.get("contactId").isNull()).isTrue();
        assertThat(gatewayApi.get("/api/v1/conversations?channel=" + sms).json().get("total").asLong()).isEqualTo(2);
        assertThat(gatewayApi.postJson("/api/v1/conversations/" + stranger.get("conversationId").asLong() + "/link",
                "{\"contactId\": " + eva + "}").json().get("contactId").asLong()).isEqualTo(eva);
    }

    @Test
    void an_answer_is_stored_then_delivered_signed_through_the_channels_webhook_and_a_failure_is_shown() {
        Http admin = apiAs(Role.ADMIN);
        String sms = channel();
        Http.Response endpoint = admin.putJson("/api/v1/channels/endpoints/" + sms, "{\"url\": \"" + hook() + "\"}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        String secret = endpoint.json().get("secret").asString();
        String number = CallIntakeTests.newNumber();
        long conversation = admin.postJson("/api/v1/messages", message(sms, "+48" + number, "Petr", "Ahoj",
                "m-" + UUID.randomUUID())).json().get("conversationId").asLong();

        UserSummary agent = testUsers.create(Role.SUPPORT);
        Http agentApi = api(agent);
        Http.Response replied = agentApi.postJson("/api/v1/conversations/" + conversation + "/replies",
                "{\"text\": \"Dobrý den, zásilka dorazí zítra.\"}");
        assertThat(replied.status()).as(replied.body()).isEqualTo(201);
        JsonNode stored = replied.json().get("messages").get(1);
        assertThat(stored.get("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(stored.get("delivery").get("state").asString()).as("stored before it is sent").isEqualTo("SENDING");
        assertThat(replied.json().get("assigneeId").asLong()).isEqualTo(agent.id());
        assertThat(replied.json().get("unread").asInt()).isZero();

        webhooks.sendDue(50);
        assertThat(received).hasSize(1);
        assertThat(verified(received.get(0), secret)).isTrue();
        JsonNode payload = json.readTree(received.get(0)[0]);
        assertThat(payload.get("type").asString()).isEqualTo("message.reply");
        assertThat(payload.get("data").get("to").asString()).isEqualTo("+48" + number);
        assertThat(payload.get("data").get("channel").asString()).isEqualTo(sms);
        assertThat(payload.get("data").get("text").asString()).isEqualTo("Dobrý den, zásilka dorazí zítra.");
        assertThat(payload.get("data").get("agent").get("email").asString()).isEqualTo(agent.email());
        assertThat(agentApi.get("/api/v1/conversations/" + conversation).json().get("messages").get(1).get("delivery")
                .get("state").asString()).isEqualTo("SENT");

        // the gateway refuses: retried, and after the last attempt shown as failed with the gateway's answer
        answer = n -> 502;
        agentApi.postJson("/api/v1/conversations/" + conversation + "/replies", "{\"text\": \"Druhá odpověď\"}");
        webhooks.sendDue(50);
        JsonNode second = agentApi.get("/api/v1/conversations/" + conversation).json().get("messages").get(2);
        assertThat(second.get("delivery").get("state").asString()).isEqualTo("SENDING");
        assertThat(second.get("delivery").get("lastStatus").asInt()).isEqualTo(502);
        jdbc.sql("update webhook_deliveries set attempts = 9, next_attempt_at = now() where state = 'PENDING'"
                + " and event_type = 'message.reply'").update();
        webhooks.sendDue(50);
        second = agentApi.get("/api/v1/conversations/" + conversation).json().get("messages").get(2);
        assertThat(second.get("delivery").get("state").asString()).isEqualTo("FAILED");
        assertThat(second.get("delivery").get("lastStatus").asInt()).isEqualTo(502);
        assertThat(signedIn(agent).get("/conversations/" + conversation).body()).contains("Druhá odpověď");

        // a channel without a webhook: refused, nothing stored
        String silent = channel();
        long other = admin.postJson("/api/v1/messages", message(silent, "+48" + number, "Petr", "Hi",
                "m-" + UUID.randomUUID())).json().get("conversationId").asLong();
        long before = count("channel_messages");
        assertThat(agentApi.postJson("/api/v1/conversations/" + other + "/replies", "{\"text\": \"x\"}").status())
                .isEqualTo(409);
        assertThat(count("channel_messages")).isEqualTo(before);

        // one click makes a ticket of it
        Http.Response ticket = agentApi.postJson("/api/v1/conversations/" + conversation + "/ticket", "{}");
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        JsonNode made = agentApi.get("/api/v1/tickets/" + ticket.json().get("ticketId").asLong()).json();
        assertThat(made.get("description").asString()).contains("Ahoj", "Druhá odpověď");
        assertThat(made.get("status").asString()).as("answered in the conversation: not new").isEqualTo("OPEN");
        assertThat(made.get("firstRespondedAt").isNull()).as("the first answer's time").isFalse();
        assertThat(agentApi.postJson("/api/v1/conversations/" + conversation + "/ticket", "{}").status())
                .isEqualTo(409);
    }

    @Test
    void click_to_call_sends_a_signed_request_to_the_phone_system_and_retries_after_a_failure() {
        Http admin = apiAs(Role.ADMIN);
        Http.Response set = admin.putJson("/api/v1/channels/click-to-call", "{\"url\": \"" + hook() + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String secret = set.json().get("secret").asString();
        UserSummary seller = testUsers.create(Role.SALES);
        answer = n -> n == 1 ? 503 : 200;
        Http.Response dialed = api(seller).postJson("/api/v1/calls/dial", "{\"number\": \"+420 603 123 456\"}");
        assertThat(dialed.status()).as(dialed.body()).isEqualTo(202);

        webhooks.sendDue(50);
        jdbc.sql("update webhook_deliveries set next_attempt_at = now() where message_id = :id")
                .param("id", dialed.json().get("deliveryId").asString()).update();
        webhooks.sendDue(50);
        assertThat(received).hasSize(2);
        assertThat(received.get(1)[1]).as("the same message again").isEqualTo(received.get(0)[1]);
        assertThat(received).allMatch(r -> verified(r, secret));
        JsonNode payload = json.readTree(received.get(1)[0]);
        assertThat(payload.get("type").asString()).isEqualTo("call.requested");
        assertThat(payload.get("data").get("number").asString()).isEqualTo("+420603123456");
        assertThat(payload.get("data").get("agent").get("email").asString()).isEqualTo(seller.email());

        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/calls/dial", "{\"number\": \"603123456\"}").status())
                .isEqualTo(403);
        assertThat(api(seller).postJson("/api/v1/calls/dial", "{\"number\": \"not a number\"}").status())
                .isEqualTo(400);
        // the contact card offers the Call button beside a number
        long person = admin.postJson("/api/v1/contacts", "{\"lastName\": \"Dialable\", \"phones\": [\"+420603123456\"]}")
                .json().get("id").asLong();
        assertThat(signedIn(seller).get("/contacts/" + person).body()).contains("href=\"tel:+420603123456\"",
                "data-dial=\"+420603123456\"");
    }

    @Test
    void a_sales_user_does_not_see_the_conversation_of_a_customer_hidden_from_them() {
        Http admin = apiAs(Role.ADMIN);
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        String number = CallIntakeTests.newNumber();
        long bobs = api(bob).postJson("/api/v1/contacts", "{\"lastName\": \"Bob's " + number + "\", \"phones\": [\"+48"
                + number + "\"], \"ownerId\": " + bob.id() + "}").json().get("id").asLong();
        String sms = channel();
        long conversation = admin.postJson("/api/v1/messages", message(sms, "+48" + number, "X", "secret",
                "m-" + UUID.randomUUID())).json().get("conversationId").asLong();
        JsonNode rule = AccessRules.rule(admin, Role.SALES, "contact");
        AccessRules.set(admin, Role.SALES, "contact", "OWN", "OWN");
        try {
            assertThat(api(alice).get("/api/v1/conversations/" + conversation).status()).isEqualTo(404);
            assertThat(api(alice).get("/api/v1/conversations?channel=" + sms).json().get("total").asLong()).isZero();
            assertThat(api(alice).postJson("/api/v1/conversations/" + conversation + "/replies", "{\"text\": \"x\"}")
                    .status()).isEqualTo(404);
            assertThat(signedIn(alice).get("/conversations/" + conversation).status()).isEqualTo(404);
            assertThat(api(bob).get("/api/v1/conversations/" + conversation).json().get("contactId").asLong())
                    .isEqualTo(bobs);
        }
        finally {
            AccessRules.set(admin, Role.SALES, "contact", rule.get("read").asString(), rule.get("change").asString());
        }
    }

    @Test
    void only_the_channel_right_feeds_messages_in_and_bad_input_is_refused_with_nothing_stored() {
        String sms = channel();
        for (Role role : new Role[] { Role.SALES, Role.SUPPORT, Role.MANAGER, Role.READ_ONLY }) {
            Http refused = apiAs(role);
            assertThat(refused.postJson("/api/v1/messages", message(sms, "+48601000000", "x", "x", "x")).status())
                    .as(role.name()).isEqualTo(403);
            assertThat(refused.putJson("/api/v1/channels/endpoints/" + sms, "{\"url\": \"" + hook() + "\"}")
                    .status()).isEqualTo(403);
            assertThat(refused.get("/api/v1/channels/endpoints").status()).isEqualTo(403);
        }
        Http gatewayApi = apiAs(Role.ADMIN);
        long conversations = count("conversations");
        long messages = count("channel_messages");
        String id = "m-" + UUID.randomUUID();
        String[] bad = {
            message("SMS WITH SPACES", "+48601000000", "x", "x", id),
            message("a".repeat(31), "+48601000000", "x", "x", id),
            message(sms, "", "x", "x", id),
            message(sms, "+48601000000", "x", "nul \\u0000 byte", id),
            message(sms, "+48601000000", "x", "x".repeat(4001), id),
            message(sms, "+48601000000", "x", "x", ""),
            message(sms, "+48601000000", "x", "x", id).replace("https://gw", "javascript://gw"),
            message(sms, "+48601000000", "x".repeat(201), "x", id),
            "{\"channel\": \"" + sms + "\", \"from\": \"+48601000000\", \"messageId\": \"" + id + "\"}",
            "{\"channel\": 5, \"attachments\": \"no\"}",
            "\u0000",
        };
        for (String body : bad) {
            Http.Response refused = gatewayApi.postJson("/api/v1/messages", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(gatewayApi.putJson("/api/v1/channels/endpoints/" + sms, "{\"url\": \"ftp://x\"}").status())
                .isEqualTo(400);
        assertThat(gatewayApi.putJson("/api/v1/channels/endpoints/NOT%20A%20SLUG", "{\"url\": \"" + hook() + "\"}")
                .status()).isEqualTo(400);
        assertThat(gatewayApi.get("/api/v1/conversations/987654321").status()).isEqualTo(404);
        assertThat(gatewayApi.get("/api/v1/conversations?state=MAYBE").status()).isEqualTo(400);
        assertThat(count("conversations")).isEqualTo(conversations);
        assertThat(count("channel_messages")).isEqualTo(messages);
    }
}
