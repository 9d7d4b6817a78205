package app.klient.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** The pages: Phone and messaging for the administrator, the conversations for agents. */
class ChannelPagesTests extends WebTest {

    @Test
    void the_administrator_sets_a_channels_reply_address_and_issues_an_intake_token_shown_once() {
        Http admin = signedInAs(Role.ADMIN);
        assertThat(admin.get("/admin/channels").status()).isEqualTo(200);
        String channel = "viber-" + Integer.toHexString((int) (Math.random() * 0xffffff));
        Http.Response saved = admin.postForm("/admin/channels/endpoints",
                Map.of("channel", channel, "url", "http://127.0.0.1:9/" + channel));
        assertThat(saved.status()).isEqualTo(302);
        String page = admin.get("/admin/channels").body();
        assertThat(page).contains(channel, "http://127.0.0.1:9/" + channel, "whsec_");

        Http.Response refused = admin.postForm("/admin/channels/endpoints", Map.of("channel", "Not A Slug",
                "url", "https://gateway.example.com/x"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(admin.get("/admin/channels").body()).doesNotContain("Not A Slug");

        admin.postForm("/admin/channels/token", Map.of("name", "FreePBX", "days", "90"));
        String withToken = admin.get("/admin/channels").body();
        assertThat(withToken).containsPattern("klient_[A-Za-z0-9_-]{20,}");
        assertThat(admin.get("/admin/channels").body()).as("shown once").doesNotContainPattern("klient_[A-Za-z0-9_-]{20,}");

        assertThat(signedInAs(Role.MANAGER).get("/admin/channels").status()).isEqualTo(403);
    }

    @Test
    void an_agent_reads_the_list_and_a_thread_without_any_html_of_the_customer_rendered() {
        Http gateway = apiAs(Role.ADMIN);
        String channel = "sms-" + Integer.toHexString((int) (Math.random() * 0xffffff));
        long conversation = gateway.postJson("/api/v1/messages", """
                {"channel": "%s", "from": "@handle_%s", "senderName": "Mallory",
                 "text": "<script>alert(1)</script> hello", "messageId": "%s"}"""
                .formatted(channel, channel, UUID.randomUUID())).json().get("conversationId").asLong();
        UserSummary agent = testUsers.create(Role.SUPPORT, "pl");
        Http pages = signedIn(agent);
        String list = pages.get("/conversations?channel=" + channel).body();
        assertThat(list).contains("Mallory", "Rozmowy").doesNotContain("<script>alert(1)</script>");
        Http.Response thread = pages.get("/conversations/" + conversation);
        assertThat(thread.status()).isEqualTo(200);
        assertThat(thread.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; hello")
                .doesNotContain("<script>alert(1)</script>");
        assertThat(gateway.get("/api/v1/conversations/" + conversation).json().get("unread").asInt())
                .as("read by opening it").isZero();
        assertThat(pages.get("/contacts/new?phone=%2B48601234567").body()).contains("value=\"+48601234567\"");
    }
}
