package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A colleague named with @ in a note hears of it in the bell, once, with a link to the note. */
class MentionTests extends WebTest {

    @Test
    void a_mentioned_colleague_is_notified_once_per_note_with_a_link_and_the_author_is_not() {
        UserSummary author = testUsers.create(Role.SALES);
        UserSummary colleague = testUsers.create(Role.SUPPORT);
        UserSummary later = testUsers.create(Role.MANAGER);
        Http api = api(author);
        String s = UUID.randomUUID().toString().substring(0, 6);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Mention " + s + "\"}").json().get("id")
                .asLong();
        long note = api.postJson("/api/v1/companies/" + company + "/notes", "{\"body\": \"Ask @" + handle(colleague)
                + " and @" + handle(author) + " about the offer; @nobody-" + s + " is unknown\"}").json().get("id")
                .asLong();

        List<JsonNode> told = mentions(colleague, note);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("link").asString()).isEqualTo("/companies/" + company + "#e" + note);
        assertThat(told.get(0).get("title").asString()).contains(author.name(), "Mention " + s, "about the offer");
        assertThat(told.get(0).get("read").asBoolean()).isFalse();
        assertThat(mentions(author, note)).as("not of one's own mention").isEmpty();
        assertThat(signedIn(colleague).get("/companies/" + company).body()).as("the link lands on the note")
                .contains("id=\"e" + note + "\"");

        // the edit names one more colleague: only they hear of it, the first one is not told again
        assertThat(api.putJson("/api/v1/notes/" + note, "{\"body\": \"Ask @" + handle(colleague) + " and @"
                + handle(later) + " about the offer\", \"version\": 0}").status()).isEqualTo(204);
        assertThat(mentions(colleague, note)).hasSize(1);
        assertThat(mentions(later, note)).hasSize(1);
        // dropped and named again: still once
        api.putJson("/api/v1/notes/" + note, "{\"body\": \"Ask about the offer\", \"version\": 1}");
        api.putJson("/api/v1/notes/" + note, "{\"body\": \"Ask @" + handle(colleague) + "\", \"version\": 2}");
        assertThat(mentions(colleague, note)).hasSize(1);

        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Mentioned " + s + "\", \"companyId\": "
                + company + "}").json().get("id").asLong();
        long onContact = api.postJson("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"@" + handle(later)
                + " please call\"}").json().get("id").asLong();
        assertThat(mentions(later, onContact).get(0).get("link").asString())
                .isEqualTo("/contacts/" + contact + "#e" + onContact);
        assertThat(signedIn(later).get("/notifications").body()).contains("Mentioned " + s)
                .contains("/contacts/" + contact + "#e" + onContact);
    }

    private List<JsonNode> mentions(UserSummary user, long note) {
        List<JsonNode> found = new java.util.ArrayList<>();
        api(user).get("/api/v1/notifications").json().forEach(n -> {
            if (n.get("kind").asString().equals("MENTION") && n.get("link").asString().endsWith("#e" + note)) {
                found.add(n);
            }
        });
        return found;
    }

    private static String handle(UserSummary user) {
        return user.email().substring(0, user.email().indexOf('@'));
    }
}
