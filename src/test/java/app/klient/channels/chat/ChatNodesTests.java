package app.klient.channels.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.SecondNode;
import app.klient.support.WebTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two nodes share the database, as behind a load balancer: the visitor's stream is held by the second node while
 * the agent answers on this one, and when the second node is killed mid-chat the widget's next connection (here,
 * through this node) resumes after the last message it had, nothing lost.
 */
@org.junit.jupiter.api.extension.ExtendWith(app.klient.support.DeskHours.class)
class ChatNodesTests extends WebTest {


    @Autowired
    HikariDataSource dataSource;

    @Test
    void a_message_stored_on_one_node_reaches_a_stream_on_another_and_a_killed_node_loses_nothing() throws Exception {
        int otherPort;
        try (ServerSocket free = new ServerSocket(0)) {
            otherPort = free.getLocalPort();
        }
        Process other = SecondNode.start(dataSource, "chat-node", Map.of("server.port", otherPort,
                "klient.jobs.enabled", "false"));
        try {
            Http otherNode = Http.on(otherPort);
            SecondNode.waitFor(() -> {
                try {
                    return otherNode.get("/actuator/health").status() == 200;
                }
                catch (RuntimeException notYet) {
                    return false;
                }
            }, 120_000, 500);
            UserSummary agent = testUsers.create(Role.SUPPORT);
            String key = apiAs(Role.ADMIN).postJson("/api/v1/chat-widgets", """
                    {"name": "Nodes %s", "bot": false, "allowedOrigins": ["https://www.example.com"]}""".formatted(UUID.randomUUID())).json().get("widget")
                    .get("key").asString();
            Http.Response started = otherNode.postJson("/chat/w/" + key + "/chats", "{\"message\": \"Hello?\"}");
            long chatId = started.json().get("chatId").asLong();
            String chat = "/chat/w/" + key + "/chats/" + started.json().get("token").asString();
            Http answers = api(agent);
            String last;
            try (EventStream visitor = otherNode.events(chat + "/events", null)) {
                assertThat(visitor.next("message", 10).json().get("text").asString()).isEqualTo("Hello?");
                answers.postJson("/api/v1/chats/" + chatId + "/messages", "{\"body\": \"Hi, how can I help?\"}");
                assertThat(visitor.next("message", 10).json().get("author").asString()).as("the agent joined")
                        .isEqualTo("SYSTEM");
                EventStream.Event answer = visitor.next("message", 10);
                assertThat(answer).as("stored on this node, told on the other").isNotNull();
                assertThat(answer.json().get("text").asString()).isEqualTo("Hi, how can I help?");
                last = answer.id();
            }
            other.destroyForcibly().waitFor();

            // while the widget reconnects, the agent goes on; the visitor's message goes to the node still running
            answers.postJson("/api/v1/chats/" + chatId + "/messages", "{\"body\": \"Are you still there?\"}");
            Http visitor = browser();
            assertThat(visitor.postJson(chat + "/messages", "{\"body\": \"Yes!\", \"clientId\": \"after-1\"}")
                    .status()).isEqualTo(201);
            try (EventStream resumed = visitor.events(chat + "/events", last)) {
                assertThat(resumed.next("message", 10).json().get("text").asString())
                        .isEqualTo("Are you still there?");
                assertThat(resumed.next("message", 10).json().get("text").asString()).isEqualTo("Yes!");
            }
        }
        finally {
            other.destroyForcibly();
        }
    }
}
