package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A leaving salesperson's open work goes to a colleague: previewed first, moved at once, audited, versions bumped. */
class HandoverTests extends WebTest {

    @Test
    void a_handover_previews_then_moves_every_open_record_and_leaves_closed_ones_alone() {
        UserSummary leaving = testUsers.create(Role.SALES);
        UserSummary taking = testUsers.create(Role.SALES);
        Http leaver = api(leaving);
        Http manager = apiAs(Role.MANAGER);
        String s = UUID.randomUUID().toString().substring(0, 6);

        long company = id(leaver.postJson("/api/v1/companies", "{\"name\": \"Handed " + s + "\"}"));
        long contact = id(leaver.postJson("/api/v1/contacts", "{\"lastName\": \"Handed " + s + "\"}"));
        JsonNode openDeal = leaver.postJson("/api/v1/deals", "{\"name\": \"Open deal " + s + "\", \"companyId\": "
                + company + "}").json();
        JsonNode won = leaver.postJson("/api/v1/deals", "{\"name\": \"Won deal " + s + "\"}").json();
        long wonDeal = won.get("id").asLong();
        assertThat(leaver.postJson("/api/v1/deals/" + wonDeal + "/won", "{\"version\": " + won.get("version").asInt()
                + "}").status()).isEqualTo(200);
        long openLead = id(leaver.postJson("/api/v1/leads", "{\"lastName\": \"Open lead " + s + "\"}"));
        long lostLead = id(leaver.postJson("/api/v1/leads", "{\"lastName\": \"Lost lead " + s + "\"}"));
        int lostVersion = leaver.get("/api/v1/leads/" + lostLead).json().get("version").asInt();
        assertThat(leaver.postJson("/api/v1/leads/" + lostLead + "/status", "{\"status\": \"DISQUALIFIED\", "
                + "\"disqualifiedReason\": \"no budget\", \"version\": " + lostVersion + "}").status()).isEqualTo(200);
        long openTask = id(leaver.postJson("/api/v1/tasks", "{\"title\": \"Call back " + s + "\", \"dueAt\": "
                + "\"2030-01-01T10:00:00+01:00\"}"));
        long doneTask = id(leaver.postJson("/api/v1/tasks", "{\"title\": \"Done " + s + "\", \"dueAt\": "
                + "\"2030-01-01T10:00:00+01:00\", \"done\": true}"));
        long ticket = id(manager.postJson("/api/v1/tickets", "{\"subject\": \"Printer " + s + "\", \"assigneeId\": "
                + leaving.id() + "}"));

        // the preview says what would move and moves nothing
        JsonNode preview = manager.get("/api/v1/handover/preview?fromUserId=" + leaving.id()).json();
        Map<String, Integer> counts = new HashMap<>();
        preview.forEach(p -> counts.put(p.get("kind").asString(), p.get("count").asInt()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("company", 1, "contact", 1, "deal", 1, "lead", 1,
                "task", 1, "ticket", 1));
        assertThat(preview.findValuesAsString("kind")).containsExactly("company", "contact", "deal", "lead", "task",
                "ticket");
        assertThat(leaver.get("/api/v1/handover/preview?fromUserId=" + leaving.id()).status()).isEqualTo(403);
        String page = signedInAs(Role.MANAGER).get("/admin/handover?fromUserId=" + leaving.id() + "&toUserId="
                + taking.id()).body();
        assertThat(page).contains("Open deals", "Open deal " + s, "Tasks not done", "Call back " + s,
                "Open tickets", "Printer " + s, "name=\"toUserId\" value=\"" + taking.id() + "\"");
        assertThat(leaver.get("/api/v1/deals/" + openDeal.get("id").asLong()).json().get("ownerId").asLong())
                .isEqualTo(leaving.id());

        JsonNode result = manager.postJson("/api/v1/handover", "{\"fromUserId\": " + leaving.id() + ", \"toUserId\": "
                + taking.id() + "}").json();
        assertThat(result.get("moved").get("deal").asInt()).isEqualTo(1);
        assertThat(result.get("moved").get("ticket").asInt()).isEqualTo(1);

        Http taker = api(taking);
        long deal = openDeal.get("id").asLong();
        assertThat(taker.get("/api/v1/companies/" + company).json().get("ownerId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/contacts/" + contact).json().get("ownerId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/deals/" + deal).json().get("ownerId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/deals/" + wonDeal).json().get("ownerId").asLong()).isEqualTo(leaving.id());
        assertThat(taker.get("/api/v1/leads/" + openLead).json().get("ownerId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/leads/" + lostLead).json().get("ownerId").asLong()).isEqualTo(leaving.id());
        assertThat(taker.get("/api/v1/tasks/" + openTask).json().get("assigneeId").asLong()).isEqualTo(taking.id());
        assertThat(taker.get("/api/v1/tasks/" + doneTask).json().get("assigneeId").asLong()).isEqualTo(leaving.id());
        assertThat(taker.get("/api/v1/tickets/" + ticket).json().get("assigneeId").asLong()).isEqualTo(taking.id());

        // an edit begun before the handover is stale
        assertThat(manager.putJson("/api/v1/deals/" + deal, "{\"name\": \"Renamed\", \"version\": "
                + openDeal.get("version").asInt() + "}").status()).isEqualTo(409);
        // every moved record has its line in the audit log
        for (Object[] moved : new Object[][] { { "company", company }, { "contact", contact }, { "deal", deal },
                { "lead", openLead }, { "task", openTask }, { "ticket", ticket } }) {
            assertThat(jdbc.sql("select count(*) from audit_events where action = 'HANDOVER' and entity_type = :type "
                    + "and entity_id = :id").param("type", moved[0]).param("id", String.valueOf(moved[1]))
                    .query(Long.class).single()).as(moved[0].toString()).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'HANDOVER' and entity_type = 'deal' "
                + "and entity_id = :id").param("id", String.valueOf(wonDeal)).query(Long.class).single()).isZero();
    }

    private static long id(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }
}
