package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/**
 * A person who chatted on the website, called and wrote by text message: merging their two contacts keeps every
 * channel's record on the survivor (a merge used to be refused while a row still pointed at the merged one), and
 * erasing the person leaves none of their words, numbers or addresses in any table.
 */
class ChannelsPersonalDataTests extends WebTest {

    @Test
    void a_persons_chats_calls_and_messages_follow_a_merge_and_are_erased_with_them() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String email = "kamila." + marker + "@example.com";
        String number = "+48601" + String.format("%06d", Math.abs(marker.hashCode()) % 1_000_000);
        Http admin = apiAs(Role.ADMIN);
        long merged = admin.postJson("/api/v1/contacts", """
                {"firstName": "Kamila", "lastName": "Zielińska%s", "emails": ["%s"], "phones": ["%s"]}"""
                .formatted(marker, email, number)).json().get("id").asLong();
        long survivor = admin.postJson("/api/v1/contacts", """
                {"firstName": "Kamila", "lastName": "Zielińska%s"}""".formatted(marker)).json().get("id").asLong();

        String key = admin.postJson("/api/v1/chat-widgets", """
                {"name": "Privacy %s", "allowedOrigins": ["https://www.example.com"], "bot": false}"""
                .formatted(marker)).json().get("widget").get("key").asString();
        Http visitor = browser();
        String token = visitor.postJson("/chat/w/" + key + "/chats", """
                {"name": "Kamila Zielińska%s", "email": "%s", "message": "Moje konto %s nie działa"}"""
                .formatted(marker, email, marker)).json().get("token").asString();
        assertThat(visitor.postMultipart("/chat/w/" + key + "/chats/" + token + "/files", Map.of("clientId", "f1"),
                "file", new Http.Part("screenshot-" + marker + ".png", "image/png", ("png " + marker).getBytes()))
                .status()).isEqualTo(201);
        String intake = admin.postJson("/api/v1/channels/tokens", "{\"name\": \"pbx " + marker + "\"}").json()
                .get("secret").asString();
        Http pbx = Http.on(port).bearer(intake);
        assertThat(pbx.postJson("/api/v1/calls", """
                {"callId": "privacy-%s", "from": "%s", "to": "201", "direction": "INBOUND",
                 "startedAt": "2026-12-07T09:00:00Z", "durationSeconds": 60, "outcome": "ANSWERED"}"""
                .formatted(marker, number)).status()).isEqualTo(201);
        assertThat(pbx.postJson("/api/v1/messages", """
                {"channel": "sms", "from": "%s", "senderName": "Kamila", "text": "Oddzwońcie %s",
                 "messageId": "privacy-%s", "sentAt": "2026-12-07T10:00:00Z"}""".formatted(number, marker, marker))
                .status()).isEqualTo(201);
        for (String table : List.of("chats", "calls", "conversations")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where contact_id = :id").param("id", merged)
                    .query(Long.class).single()).as(table + " on the person's contact").isEqualTo(1);
        }

        Http.Response done = admin.postJson("/api/v1/duplicates/contacts/merge", """
                {"survivorId": %d, "mergedIds": [%d]}""".formatted(survivor, merged));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        for (String table : List.of("chats", "calls", "conversations")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where contact_id = :id").param("id", survivor)
                    .query(Long.class).single()).as(table + " followed the merge").isEqualTo(1);
        }

        List<String> needles = List.of(email, number, "Moje konto " + marker, "Oddzwońcie " + marker,
                "png " + marker, "screenshot-" + marker);
        assertThat(DatabaseScan.find(jdbc, needles)).as("the person's channel records exist").isNotEmpty();
        Http.Response erased = admin.postJson("/api/v1/privacy/erasures", """
                {"contactId": %d, "reason": "CONSENT_WITHDRAWN", "requestedBy": "PERSON"}""".formatted(survivor));
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        assertThat(DatabaseScan.find(jdbc, needles)).as("nothing of the person is left").isEmpty();
    }
}
