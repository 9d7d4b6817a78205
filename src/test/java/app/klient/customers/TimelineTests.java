package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TimelineTests extends WebTest {

    @Autowired
    Timeline timeline;

    @Test
    void notes_and_changes_meet_on_the_card_newest_first_and_a_contacts_note_shows_on_its_company() {
        UserSummary seller = testUsers.create(Role.SALES);
        UserSummary colleague = testUsers.create(Role.SUPPORT);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\":\"Timeline Sp. z o.o.\"}").json().get("id")
                .asLong();
        long contact = api.postJson("/api/v1/contacts",
                "{\"lastName\":\"Wiśniewski\",\"companyId\":" + company + "}").json().get("id").asLong();
        String handle = colleague.email().substring(0, colleague.email().indexOf('@'));
        assertThat(api.postJson("/api/v1/companies/" + company + "/notes",
                "{\"body\":\"Call back in March, @" + handle + " knows the details\"}").status()).isEqualTo(201);
        api.postJson("/api/v1/contacts/" + contact + "/notes", "{\"body\":\"Prefers e-mail\"}");
        api.putJson("/api/v1/companies/" + company, "{\"name\":\"Timeline S.A.\",\"version\":0}");

        JsonNode card = api.get("/api/v1/companies/" + company + "/timeline").json();
        List<String> kinds = card.get("items").findValuesAsString("kind");
        assertThat(kinds).containsExactly("CHANGED", "NOTE", "NOTE", "CREATED");
        JsonNode change = card.get("items").get(0);
        assertThat(change.get("changes").get(0).get("field").asString()).isEqualTo("name");
        assertThat(change.get("changes").get(0).get("newValue").asString()).isEqualTo("Timeline S.A.");
        assertThat(change.get("authorName").asString()).isEqualTo(seller.name());
        JsonNode mention = card.get("items").get(2);
        assertThat(mention.get("mentions").get(0).asString()).isEqualTo(colleague.name());
        assertThat(mention.get("editable").asBoolean()).isTrue();

        JsonNode contactCard = api.get("/api/v1/contacts/" + contact + "/timeline").json();
        assertThat(contactCard.get("items").findValuesAsString("kind")).containsExactly("NOTE", "CREATED");
        assertThat(contactCard.get("items").get(0).get("body").asString()).isEqualTo("Prefers e-mail");
    }

    @Test
    void a_long_timeline_is_read_page_by_page_without_gaps_or_repeats() {
        Http api = apiAs(Role.MANAGER);
        long company = api.postJson("/api/v1/companies", "{\"name\":\"Busy Ltd\"}").json().get("id").asLong();
        for (int i = 0; i < 23; i++) {
            timeline.record(new TimelineRecord(company, null, java.time.Instant.parse("2026-01-01T10:00:00Z"),
                    "CALL", "Call " + i, null, "activities", (long) i, null));
        }
        api.putJson("/api/v1/companies/" + company, "{\"name\":\"Busier Ltd\",\"version\":0}");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/companies/" + company + "/timeline?size=5"
                    + (cursor == null ? "" : "&before=" + cursor)).json();
            seen.addAll(page.get("items").findValuesAsString("id"));
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(5);
        assertThat(api.get("/api/v1/companies/" + company + "/timeline?before=garbage").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies/" + company + "/timeline?size=0").status()).isEqualTo(400);
    }

    @Test
    void only_the_author_or_a_manager_changes_a_note_and_a_stale_edit_is_refused() {
        UserSummary author = testUsers.create(Role.SALES);
        Http api = api(author);
        long company = api.postJson("/api/v1/companies", "{\"name\":\"Noted\"}").json().get("id").asLong();
        long note = api.postJson("/api/v1/companies/" + company + "/notes", "{\"body\":\"First\"}").json().get("id")
                .asLong();
        assertThat(apiAs(Role.SALES).putJson("/api/v1/notes/" + note, "{\"body\":\"Mine now\",\"version\":0}")
                .status()).isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/companies/" + company + "/notes", "{\"body\":\"x\"}")
                .status()).isEqualTo(403);
        assertThat(api.putJson("/api/v1/notes/" + note, "{\"body\":\"Second\",\"version\":0}").status())
                .isEqualTo(204);
        assertThat(api.putJson("/api/v1/notes/" + note, "{\"body\":\"Stale\",\"version\":0}").status())
                .isEqualTo(409);
        assertThat(api.postJson("/api/v1/companies/" + company + "/notes", "{\"body\":\"  \"}").status())
                .isEqualTo(400);
        assertThat(api.postJson("/api/v1/companies/" + company + "/notes",
                "{\"body\":\"" + "x".repeat(10_001) + "\"}").status()).isEqualTo(400);
        assertThat(apiAs(Role.MANAGER).delete("/api/v1/notes/" + note).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").json().get("items")
                .findValuesAsString("kind")).doesNotContain("NOTE");
    }

    @Test
    void a_handover_moves_every_record_and_leaves_a_line_on_each_card() {
        UserSummary leaving = testUsers.create(Role.SALES);
        UserSummary taking = testUsers.create(Role.SALES);
        Http leaver = api(leaving);
        long company = leaver.postJson("/api/v1/companies", "{\"name\":\"Handed\",\"ownerId\":" + leaving.id() + "}")
                .json().get("id").asLong();
        leaver.postJson("/api/v1/contacts", "{\"lastName\":\"Handed\",\"ownerId\":" + leaving.id() + "}");
        String body = "{\"fromUserId\":" + leaving.id() + ",\"toUserId\":" + taking.id() + "}";
        assertThat(leaver.postJson("/api/v1/handover", body).status()).isEqualTo(403);

        JsonNode result = apiAs(Role.MANAGER).postJson("/api/v1/handover", body).json();
        assertThat(result.get("companies").asInt()).isEqualTo(1);
        assertThat(result.get("contacts").asInt()).isEqualTo(1);
        Http taker = api(taking);
        assertThat(taker.get("/api/v1/companies/" + company).json().get("ownerId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/contacts?owner=me").json().get("total").asLong()).isEqualTo(1);
        assertThat(taker.get("/api/v1/companies/" + company + "/timeline").json().get("items").get(0).get("kind")
                .asString()).isEqualTo("HANDOVER");
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/handover",
                "{\"fromUserId\":" + taking.id() + ",\"toUserId\":" + taking.id() + "}").status()).isEqualTo(400);
    }

    @Test
    void bulk_changes_touch_only_what_the_user_may_change() {
        UserSummary seller = testUsers.create(Role.SALES);
        UserSummary other = testUsers.create(Role.SALES);
        Http mine = api(seller);
        long own = mine.postJson("/api/v1/companies", "{\"name\":\"Bulk own\",\"ownerId\":" + seller.id() + "}").json()
                .get("id").asLong();
        long foreign = api(other).postJson("/api/v1/companies", "{\"name\":\"Bulk foreign\",\"ownerId\":" + other.id()
                + "}").json().get("id").asLong();
        JsonNode tagged = mine.postJson("/api/v1/companies/bulk",
                "{\"ids\":[" + own + "," + foreign + "],\"action\":\"ADD_TAG\",\"tag\":\"Fair 2026\"}").json();
        assertThat(tagged.get("changed").asInt()).isEqualTo(1);
        assertThat(mine.get("/api/v1/companies/" + own).json().get("tags").get(0).asString()).isEqualTo("fair 2026");
        assertThat(mine.get("/api/v1/companies/" + foreign).json().get("tags").size()).isZero();
        assertThat(mine.postJson("/api/v1/companies/bulk", "{\"ids\":[],\"action\":\"DELETE\"}").status())
                .isEqualTo(400);
        assertThat(mine.postJson("/api/v1/companies/bulk", "{\"ids\":[" + own + "],\"action\":\"EXPLODE\"}")
                .status()).isEqualTo(400);
        assertThat(mine.postJson("/api/v1/companies/bulk", "{\"ids\":[" + own + "],\"action\":\"ASSIGN_OWNER\","
                + "\"ownerId\":987654}").status()).isEqualTo(400);
        assertThat(mine.postJson("/api/v1/companies/bulk", "{\"ids\":[" + own + "," + foreign
                + "],\"action\":\"DELETE\"}").json().get("changed").asInt()).isEqualTo(1);
        assertThat(mine.get("/api/v1/companies/" + own).status()).isEqualTo(404);
        assertThat(mine.get("/api/v1/companies/" + foreign).status()).isEqualTo(200);
    }
}
