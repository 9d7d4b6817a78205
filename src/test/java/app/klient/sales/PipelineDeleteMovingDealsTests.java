package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deleting a pipeline that still holds open deals: they move to another pipeline in one go, then it goes. */
class PipelineDeleteMovingDealsTests extends WebTest {

    private Http admin;
    private Http seller;

    private long pipeline(String name, String stages) {
        Http.Response created = admin.postJson("/api/v1/pipelines", """
                {"name": "%s %s", "stages": [%s]}""".formatted(name, UUID.randomUUID(), stages));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long stage(long pipeline, int index) {
        return admin.get("/api/v1/pipelines/" + pipeline).json().get("stages").get(index).get("id").asLong();
    }

    private long deal(long company, long pipeline, long stage) {
        Http.Response created = seller.postJson("/api/v1/deals", """
                {"name": "Moving %s", "companyId": %d, "pipelineId": %d, "stageId": %d}"""
                .formatted(UUID.randomUUID(), company, pipeline, stage));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void deleting_a_pipeline_with_open_deals_moves_them_to_the_chosen_pipeline_and_stages() {
        admin = apiAs(Role.ADMIN);
        seller = apiAs(Role.SALES);
        long old = pipeline("Old", """
                {"name": "First", "probability": 10}, {"name": "Second", "probability": 60}""");
        long target = pipeline("Target", """
                {"name": "Early", "probability": 20}, {"name": "Late", "probability": 70},
                {"name": "Nearly", "probability": 90}""");
        long company = company(seller, "Movers " + UUID.randomUUID(), "PL", null);
        long first = deal(company, old, stage(old, 0));
        long second = deal(company, old, stage(old, 1));
        long closed = deal(company, old, stage(old, 1));
        assertThat(seller.postJson("/api/v1/deals/" + closed + "/lost", "{\"lostReason\": \"price\", \"version\": 0}")
                .status()).isEqualTo(200);

        Http.Response refused = admin.delete("/api/v1/pipelines/" + old);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("2 open deals");
        assertThat(admin.delete("/api/v1/pipelines/" + old + "?moveTo=" + old).status()).as("not into itself")
                .isEqualTo(400);
        assertThat(admin.delete("/api/v1/pipelines/" + old + "?moveTo=987654321").status()).isEqualTo(400);
        assertThat(admin.delete("/api/v1/pipelines/" + old + "?moveTo=" + target + "&stages=abc").status())
                .isEqualTo(400);
        assertThat(admin.delete("/api/v1/pipelines/" + old + "?moveTo=" + target + "&stages=" + stage(old, 0) + ":"
                + stage(old, 1)).status()).as("a stage of the pipeline itself is no target").isEqualTo(400);
        assertThat(admin.get("/api/v1/pipelines/" + old).status()).as("nothing happened").isEqualTo(200);

        Http.Response deleted = admin.delete("/api/v1/pipelines/" + old + "?moveTo=" + target + "&stages="
                + stage(old, 1) + ":" + stage(target, 2));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(admin.get("/api/v1/pipelines/" + old).status()).isEqualTo(404);

        JsonNode movedFirst = seller.get("/api/v1/deals/" + first).json();
        assertThat(movedFirst.get("pipelineId").asLong()).isEqualTo(target);
        assertThat(movedFirst.get("stageName").asString()).as("nearest probability: 10 % goes to 20 %")
                .isEqualTo("Early");
        assertThat(movedFirst.get("version").asInt()).isEqualTo(1);
        JsonNode movedSecond = seller.get("/api/v1/deals/" + second).json();
        assertThat(movedSecond.get("stageName").asString()).as("as chosen").isEqualTo("Nearly");
        assertThat(seller.get("/api/v1/deals/" + closed).json().get("stageName").asString())
                .as("a closed deal keeps its stage").isEqualTo("Second");
        assertThat(seller.get("/api/v1/deals/" + second + "/history").json().findValuesAsString("toStage"))
                .containsExactly("Second", "Nearly");
        JsonNode timeline = seller.get("/api/v1/companies/" + company + "/timeline").json().get("items");
        assertThat(timeline.toString()).contains("Second → ").contains(": Nearly").contains("deleted");
        assertThat(jdbc.sql("select count(*) from audit_events where entity_type = 'deal' and entity_id = :id "
                + "and action = 'UPDATE'").param("id", String.valueOf(first)).query(Long.class).single())
                .as("the move is audited").isPositive();
    }

    @Test
    void the_page_offers_to_move_the_open_deals_when_the_delete_is_refused() {
        admin = apiAs(Role.ADMIN);
        seller = apiAs(Role.SALES);
        long old = pipeline("Page old", """
                {"name": "Talk", "probability": 30}, {"name": "Offer", "probability": 80}""");
        long target = pipeline("Page target", """
                {"name": "Lead in", "probability": 10}, {"name": "Quote", "probability": 75}""");
        long company = company(seller, "Page movers " + UUID.randomUUID(), "CZ", null);
        long deal = deal(company, old, stage(old, 1));

        Http page = signedInAs(Role.ADMIN);
        page.get("/admin/pipelines");
        Http.Response refused = page.postForm("/admin/pipelines/" + old + "/delete", Map.of());
        assertThat(refused.location()).isEqualTo("/admin/pipelines/" + old + "/delete");
        assertThat(page.get(refused.location()).body()).contains("still holds one open deal")
                .contains("Move the open deals to");
        String chosen = page.get("/admin/pipelines/" + old + "/delete?moveTo=" + target).body();
        assertThat(chosen).containsPattern("value=\"" + stage(old, 1) + ":" + stage(target, 1) + "\"\\s+selected");
        assertThat(page.get("/admin/pipelines/" + old + "/delete?moveTo=" + old).body())
                .contains("Choose another active pipeline");

        Http.Response done = page.postForm("/admin/pipelines/" + old + "/delete", Map.of("moveTo",
                String.valueOf(target), "stages", stage(old, 1) + ":" + stage(target, 1)));
        assertThat(done.location()).isEqualTo("/admin/pipelines");
        assertThat(page.get("/admin/pipelines").body()).contains("one open deal moved to Page target");
        assertThat(seller.get("/api/v1/deals/" + deal).json().get("stageName").asString()).isEqualTo("Quote");
    }
}
