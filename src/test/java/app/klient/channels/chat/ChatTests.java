package app.klient.channels.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@org.junit.jupiter.api.extension.ExtendWith(app.klient.support.DeskHours.class)
class ChatTests extends WebTest {


    /** A widget whose team is {@code agents} (each made available, with a console open). */
    private JsonNode widget(boolean bot, UserSummary... agents) {
        long team = testUsers.inNewTeam(agents);
        JsonNode made = apiAs(Role.ADMIN).postJson("/api/v1/chat-widgets", """
                {"name": "Website %s", "teamId": %d, "allowedOrigins": ["https://www.example.com",
                 "https://*.shop.example.com"], "bot": %s}""".formatted(UUID.randomUUID(), team, bot)).json();
        assertThat(made.get("script").asString()).contains("/chat/widget.js").contains("data-klient-chat");
        return made.get("widget");
    }

    private Http available(UserSummary agent) {
        Http page = signedIn(agent);
        page.get("/chat");
        assertThat(page.postForm("/chat/availability", Map.of("available", "true")).status()).isEqualTo(302);
        return page;
    }

    private static String path(JsonNode widget) {
        return "/chat/w/" + widget.get("key").asString();
    }

    @Test
    void a_visitor_chats_with_an_agent_and_the_transcript_lands_on_the_contacts_card() {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        UserSummary other = testUsers.create(Role.SALES);
        Http agentPage = available(agent);
        JsonNode widget = widget(false, agent);
        String email = "visitor-" + UUID.randomUUID() + "@example.com";
        long contact = apiAs(Role.SALES).postJson("/api/v1/contacts", """
                {"firstName": "Věra", "lastName": "Nováková", "emails": ["%s"]}""".formatted(email)).json()
                .get("id").asLong();
        Http visitor = browser();
        JsonNode config = visitor.get(path(widget) + "/config?lang=cs").json();
        assertThat(config.get("open").asBoolean()).as("an agent is available").isTrue();
        assertThat(config.get("words").get("start").asString()).isEqualTo("Začít chat");

        try (EventStream notices = agentPage.events("/live", null)) {
            awaitOpen(notices);
            Http.Response started = visitor.postJson(path(widget) + "/chats", """
                    {"name": "Věra Nováková", "email": "%s", "message": "Kdy dorazí moje objednávka?",
                     "clientId": "first-1", "pageUrl": "https://www.example.com/cenik", "pageTitle": "Ceník",
                     "language": "cs"}""".formatted(email));
            assertThat(started.status()).isEqualTo(201);
            long chatId = started.json().get("chatId").asLong();
            String token = started.json().get("token").asString();
            assertThat(started.json().get("status").asString()).isEqualTo("WAITING");
            EventStream.Event offered = notices.next("notice", 5);
            assertThat(offered).as("the chat is offered to the team's available agent").isNotNull();
            assertThat(offered.json().get("kind").asString()).isEqualTo("chat");
            assertThat(offered.json().get("url").asString()).isEqualTo("/chat/" + chatId);
            assertThat(offered.json().get("text").asString()).contains("Věra Nováková");
            assertThat(jdbc.sql("select count(*) from notifications where user_id = :agent and kind = 'CHAT_OFFERED' "
                    + "and source_id = :chat").param("agent", agent.id()).param("chat", chatId).query(Long.class)
                    .single()).as("in the bell too, and so pushed to the agent's devices").isEqualTo(1);

            assertThat(signedIn(other).get("/chat/" + chatId).status()).as("not their team's chat").isEqualTo(404);
            assertThat(agentPage.get("/chat/" + chatId).body()).contains("Kdy dorazí moje objednávka?")
                    .contains("Ceník");

            String chat = path(widget) + "/chats/" + token;
            try (EventStream visitorStream = visitor.events(chat + "/events", null);
                    EventStream console = agentPage.events("/chat/events?chat=" + chatId + "&after=0", null)) {
                EventStream.Event first = visitorStream.next("message", 5);
                assertThat(first.json().get("text").asString()).isEqualTo("Kdy dorazí moje objednávka?");
                assertThat(first.json().get("clientId").asString()).isEqualTo("first-1");
                assertThat(console.next("message", 5).json().get("author").asString()).isEqualTo("VISITOR");

                assertThat(agentPage.postForm("/chat/" + chatId + "/accept", Map.of()).status()).isEqualTo(302);
                assertThat(visitorStream.next("message", 5).json().get("text").asString())
                        .as("Klient's own line, in the visitor's language").contains("se připojuje k chatu");
                Http.Response answered = agentPage.postForm("/chat/" + chatId + "/messages",
                        Map.of("body", "Zítra dopoledne."));
                assertThat(answered.status()).isEqualTo(302);
                EventStream.Event answer = visitorStream.next("message", 5);
                assertThat(answer.json().get("text").asString()).isEqualTo("Zítra dopoledne.");
                assertThat(answer.json().get("name").asString()).as("only the agent's first name")
                        .isEqualTo(agent.name().split(" ")[0]);
                String answerId = answer.id();

                // the same message sent twice (a retry after a dropped answer) is stored once
                String again = "{\"body\": \"Děkuji!\", \"clientId\": \"thanks-1\"}";
                long once = visitor.postJson(chat + "/messages", again).json().get("id").asLong();
                assertThat(visitor.postJson(chat + "/messages", again).json().get("id").asLong()).isEqualTo(once);
                assertThat(visitorStream.next("message", 5).json().get("id").asLong()).isEqualTo(once);
                assertThat(visitorStream.next("message", 1)).isNull();

                // a widget that reconnects reads only what came after its last message
                try (EventStream resumed = visitor.events(chat + "/events", answerId)) {
                    EventStream.Event next = resumed.next("message", 5);
                    assertThat(next.json().get("id").asLong()).isEqualTo(once);
                    assertThat(resumed.next("message", 1)).isNull();
                }
            }
            // a ticket made of a chat the agent answered starts open, its first response being that answer
            String made = agentPage.postForm("/chat/" + chatId + "/ticket", Map.of()).location();
            JsonNode ticket = api(agent).get("/api/v1/tickets/" + made.substring(made.lastIndexOf('/') + 1)).json();
            assertThat(ticket.get("status").asString()).isEqualTo("OPEN");
            assertThat(ticket.get("firstRespondedAt").isNull()).isFalse();
            assertThat(agentPage.postForm("/chat/" + chatId + "/end", Map.of()).status()).isEqualTo(302);
            String timeline = apiAs(Role.ADMIN).get("/api/v1/contacts/" + contact + "/timeline").body();
            assertThat(timeline).contains("ACTIVITY_CHAT").contains("Kdy dorazí moje objednávka?")
                    .contains("Zítra dopoledne.");
            assertThat(api(agent).get("/api/v1/chats?status=ENDED&contactId=" + contact).json().get("items")
                    .findValuesAsString("status")).containsExactly("ENDED");
            JsonNode stored = api(agent).get("/api/v1/chats/" + chatId).json();
            assertThat(stored.get("chat").get("status").asString()).isEqualTo("ENDED");
            assertThat(stored.get("chat").get("contactId").asLong()).isEqualTo(contact);

            assertThat(visitor.postJson(chat + "/rating", "{\"score\": 5, \"comment\": \"Rychlé\"}").status())
                    .isEqualTo(204);
            assertThat(visitor.postJson(chat + "/rating", "{\"score\": 4}").status()).as("once").isEqualTo(409);
            // the answer is the chat satisfaction survey's, as any survey answer is
            assertThat(jdbc.sql("""
                    select r.score from survey_responses r join survey_invitations i on i.id = r.invitation_id
                    where i.cause_kind = 'CHAT' and i.cause_id = :chat""").param("chat", chatId).query(Integer.class)
                    .single()).isEqualTo(5);
            assertThat(visitor.postJson(chat + "/messages", "{\"body\": \"late\"}").status()).isEqualTo(409);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    Chats chats;

    @Test
    void a_chat_not_taken_is_offered_to_the_next_available_agent_in_turn() {
        UserSummary first = testUsers.create(Role.SUPPORT);
        UserSummary second = testUsers.create(Role.SALES);
        UserSummary away = testUsers.create(Role.SUPPORT);
        available(first);
        available(second);
        JsonNode widget = widget(false, first, second, away);
        long chatId = browser().postJson(path(widget) + "/chats", "{\"message\": \"Anyone there?\"}").json()
                .get("chatId").asLong();
        long offered = jdbc.sql("select offered_to from chats where id = :id").param("id", chatId).query(Long.class)
                .single();
        assertThat(offered).isIn(first.id(), second.id());
        jdbc.sql("update chats set offered_at = now() - interval '1 minute' where id = :id").param("id", chatId)
                .update();
        chats.offerAgain(java.time.Duration.ofSeconds(45));
        long next = jdbc.sql("select offered_to from chats where id = :id").param("id", chatId).query(Long.class)
                .single();
        assertThat(next).as("the other available agent, never the one who is away")
                .isEqualTo(offered == first.id() ? second.id() : first.id());

        // the second agent's console closed long ago: no longer offered anything
        jdbc.sql("update chat_agents set seen_at = now() - interval '10 minutes' where user_id = :id")
                .param("id", second.id()).update();
        jdbc.sql("update chats set offered_at = now() - interval '1 minute' where id = :id").param("id", chatId)
                .update();
        chats.offerAgain(java.time.Duration.ofSeconds(45));
        assertThat(jdbc.sql("select offered_to from chats where id = :id").param("id", chatId).query(Long.class)
                .single()).isEqualTo(first.id());
    }

    @Test
    void the_bot_answers_from_the_ready_answers_and_hands_over_to_a_person() {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        available(agent);
        JsonNode widget = widget(true, agent);
        String topic = "Zwrot" + UUID.randomUUID().toString().substring(0, 6);
        Http admin = administrator();
        admin.get("/admin/service");
        assertThat(admin.postForm("/admin/service/canned", Map.of("name", topic + " towaru", "language", "pl",
                "body", "Towar zwrócisz w ciągu 30 dni.")).status()).isEqualTo(302);
        Http visitor = browser();
        JsonNode started = visitor.postJson(path(widget) + "/chats", """
                {"message": "Jak zrobić %s towaru?", "language": "pl"}""".formatted(topic.toLowerCase())).json();
        assertThat(started.get("status").asString()).isEqualTo("BOT");
        String chat = path(widget) + "/chats/" + started.get("token").asString();
        try (EventStream stream = visitor.events(chat + "/events", null)) {
            stream.next("message", 5);
            JsonNode bot = stream.next("message", 5).json();
            assertThat(bot.get("author").asString()).isEqualTo("BOT");
            assertThat(bot.get("text").asString()).isEqualTo("Towar zwrócisz w ciągu 30 dni.");
            assertThat(stream.next("message", 5).json().get("text").asString()).contains("poproś o rozmowę");
        }
        assertThat(visitor.postJson(chat + "/person", "{}").status()).isEqualTo(204);
        assertThat(visitor.get(chat).json().get("status").asString()).isEqualTo("WAITING");

        JsonNode unknown = visitor.postJson(path(widget) + "/chats", """
                {"message": "Something nobody wrote an answer for", "language": "en"}""").json();
        assertThat(unknown.get("status").asString()).as("no ready answer: a person at once").isEqualTo("WAITING");
    }

    @Test
    void an_unknown_email_makes_a_lead_and_a_message_left_offline_makes_a_ticket() {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        JsonNode widget = widget(false, agent);
        Http visitor = browser();
        assertThat(visitor.get(path(widget) + "/config").json().get("open").asBoolean())
                .as("nobody of the team is available").isFalse();
        String email = "new-" + UUID.randomUUID() + "@example.com";
        JsonNode started = visitor.postJson(path(widget) + "/chats", """
                {"name": "Jan Kowalski", "email": "%s", "message": "Ile kosztuje licencja?"}""".formatted(email))
                .json();
        long chatId = started.get("chatId").asLong();
        JsonNode chat = apiAs(Role.ADMIN).get("/api/v1/chats/" + chatId).json().get("chat");
        long lead = chat.get("leadId").asLong();
        JsonNode made = apiAs(Role.ADMIN).get("/api/v1/leads/" + lead).json();
        assertThat(made.get("email").asString()).isEqualTo(email);
        assertThat(made.get("lastName").asString()).isEqualTo("Kowalski");
        assertThat(made.get("source").asString()).isEqualTo("CHAT");
        assertThat(signedInAs(Role.ADMIN).get("/leads/" + lead).body()).as("nothing said yet")
                .doesNotContain("Ile kosztuje licencja?");

        Http.Response left = visitor.postJson(path(widget) + "/offline", """
                {"name": "Jan", "email": "%s", "message": "Proszę o ofertę."}""".formatted(email));
        assertThat(left.status()).isEqualTo(201);
        String number = left.json().get("ticket").asString();
        JsonNode tickets = apiAs(Role.ADMIN).get("/api/v1/tickets?size=200").json();
        assertThat(tickets.get("items").findValuesAsString("number")).contains(number);
        assertThat(visitor.postJson(path(widget) + "/offline", "{\"message\": \"no address\"}").json()
                .get("errors").findValuesAsString("field")).contains("email");

        // nobody took the chats: the one with an e-mail becomes a ticket at once, the other asks for an address
        JsonNode anonymous = visitor.postJson(path(widget) + "/chats", "{\"message\": \"Hello?\"}").json();
        jdbc.sql("update chats set started_at = now() - interval '10 minutes' where id in (:ids)")
                .param("ids", java.util.List.of(chatId, anonymous.get("chatId").asLong())).update();
        assertThat(chats.giveUpWaiting(java.time.Duration.ofMinutes(3))).isGreaterThanOrEqualTo(2);
        JsonNode answeredByMail = apiAs(Role.ADMIN).get("/api/v1/chats/" + chatId).json();
        assertThat(answeredByMail.get("chat").get("ticketId").isNull()).isFalse();
        assertThat(answeredByMail.get("messages").findValuesAsString("text").toString())
                .contains("will answer by e-mail");
        String anonymousChat = path(widget) + "/chats/" + anonymous.get("token").asString();
        assertThat(visitor.get(anonymousChat).json().get("needsEmail").asBoolean()).isTrue();
        assertThat(visitor.postJson(anonymousChat + "/introduce", "{\"email\": \"late-" + UUID.randomUUID()
                + "@example.com\"}").status()).isEqualTo(204);
        assertThat(apiAs(Role.ADMIN).get("/api/v1/chats/" + anonymous.get("chatId").asLong()).json().get("chat")
                .get("ticketId").isNull()).as("the address given: a ticket").isFalse();

        // the visitor leaves: the conversation is on the lead's page, where sales follow it up
        assertThat(visitor.postJson(path(widget) + "/chats/" + started.get("token").asString() + "/end", "{}")
                .status()).isEqualTo(204);
        assertThat(signedInAs(Role.ADMIN).get("/leads/" + lead).body()).contains("Ile kosztuje licencja?");
    }

    @Test
    void other_websites_bad_input_and_the_wrong_people_are_refused() {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        JsonNode widget = widget(false, agent);
        Http visitor = browser();
        String start = path(widget) + "/chats";
        assertThat(visitor.get(path(widget) + "/config", Map.of("Origin", "https://evil.example.org")).status())
                .as("a page of another website").isEqualTo(403);
        Http.Response allowed = visitor.get(path(widget) + "/config", Map.of("Origin", "https://a.shop.example.com"));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://a.shop.example.com");
        assertThat(visitor.get("/chat/w/nosuchwidgetkey/config").status()).isEqualTo(404);

        long before = count("chats");
        for (String[] bad : new String[][] {
                {"{\"email\": \"not an address\", \"message\": \"hi\"}", "email"},
                {"{\"message\": \"" + "x".repeat(2001) + "\"}", "message"},
                {"{\"name\": \"" + "n".repeat(101) + "\", \"message\": \"hi\"}", "name"},
                {"{\"message\": \"hi\", \"clientId\": \"../../etc\"}", "clientId"} }) {
            Http.Response refused = visitor.postJson(start, bad[0]);
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).as(bad[0]).contains(bad[1]);
        }
        assertThat(visitor.postJson(start, "{\"message\": \"a\\u0000b\"}").status()).isEqualTo(400);
        assertThat(visitor.postRaw(start, "application/json", "{\"message\": ").status()).isEqualTo(400);
        assertThat(count("chats")).as("nothing half-written").isEqualTo(before);

        String token = visitor.postJson(start, "{\"message\": \"hello\"}").json().get("token").asString();
        String chat = path(widget) + "/chats/" + token;
        assertThat(visitor.get(path(widget) + "/chats/" + "A".repeat(43)).status()).isEqualTo(404);
        assertThat(visitor.get(chat + "/files/987654321").status()).isEqualTo(404);
        assertThat(visitor.postJson(chat + "/messages", "{\"body\": \"\"}").status()).isEqualTo(400);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < Chats.MESSAGES_PER_MINUTE + 2; i++) {
            int status = visitor.postJson(chat + "/messages", "{\"body\": \"spam " + i + "\"}").status();
            accepted += status == 201 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("a visitor writes at most %d messages a minute", Chats.MESSAGES_PER_MINUTE)
                .isGreaterThanOrEqualTo(2);
        assertThat(accepted).isLessThan(Chats.MESSAGES_PER_MINUTE);

        long chatId = jdbc.sql("select id from chats where token_hash = :hash").param("hash", Chats.hash(token))
                .query(Long.class).single();
        assertThat(signedInAs(Role.READ_ONLY).get("/chat").status()).isEqualTo(200);
        assertThat(signedInAs(Role.SALES).get("/chat/" + chatId).status()).as("not their team's").isEqualTo(404);
        assertThat(apiAs(Role.SALES).get("/api/v1/chats/" + chatId).status()).isEqualTo(404);
        assertThat(apiAs(Role.SUPPORT).get("/api/v1/chats/" + chatId).status()).isEqualTo(200);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/chat-widgets", "{\"name\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(apiAs(Role.ADMIN).postJson("/api/v1/chat-widgets",
                "{\"name\": \"x\", \"allowedOrigins\": [\"https://example.com/path\"]}").json().get("errors")
                .findValuesAsString("field")).contains("allowedOrigins");
    }

    private static void awaitOpen(EventStream stream) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (stream.status() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(stream.status()).isEqualTo(200);
    }
}
