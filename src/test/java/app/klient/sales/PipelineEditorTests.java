package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 16: unique pipeline and stage names, stages named in three languages, an editor that creates, orders, deletes. */
class PipelineEditorTests extends WebTest {

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void a_second_pipeline_or_stage_of_the_same_name_is_refused_whatever_its_case() {
        Http admin = apiAs(Role.ADMIN).language("pl");
        String name = unique("Partners");
        assertThat(admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Intro", "probability": 10}]}""".formatted(name)).status())
                .isEqualTo(201);
        long before = count("pipelines");

        Http.Response twin = admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Intro", "probability": 10}]}""".formatted(name.toUpperCase()));
        assertThat(twin.status()).isEqualTo(400);
        assertThat(twin.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(twin.json().get("errors").get(0).get("message").asString()).contains("Istnieje już lejek");

        Http.Response stages = admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Demo", "probability": 10}, {"name": "demo ", "probability": 20}]}"""
                .formatted(unique("Other")));
        assertThat(stages.status()).isEqualTo(400);
        assertThat(stages.json().get("errors").get(0).get("field").asString()).isEqualTo("stages[1].name");
        assertThat(count("pipelines")).isEqualTo(before);

        JsonNode other = admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Demo", "probability": 10}, {"name": "Offer", "probability": 50}]}"""
                .formatted(unique("Third"))).json();
        Http.Response renamed = admin.putJson("/api/v1/pipelines/" + other.get("id").asLong(), """
                {"name": "%s", "version": 0, "stages": [{"id": %d, "name": "Demo", "probability": 10},
                 {"id": %d, "name": "DEMO", "probability": 50}]}""".formatted(name, other.get("stages").get(0)
                .get("id").asLong(), other.get("stages").get(1).get("id").asLong()));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.json().get("errors").findValuesAsString("field")).containsExactly("name", "stages[1].name");

        Http.Response swapped = admin.putJson("/api/v1/pipelines/" + other.get("id").asLong(), """
                {"name": "%s", "version": 0, "stages": [{"id": %d, "name": "Offer", "probability": 10},
                 {"id": %d, "name": "Demo", "probability": 50}]}""".formatted(unique("Third"), other.get("stages").get(0)
                .get("id").asLong(), other.get("stages").get(1).get("id").asLong()));
        assertThat(swapped.status()).as(swapped.body()).isEqualTo(200);
        assertThat(swapped.json().get("stages").findValuesAsString("name")).containsExactly("Offer", "Demo");
    }

    @Test
    void stages_named_in_three_languages_are_read_in_each_readers_language() {
        Http admin = apiAs(Role.ADMIN);
        JsonNode pipeline = admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Visit", "nameEn": "Visit", "namePl": "Wizyta", "nameCs": "Návštěva",
                  "probability": 30}, {"name": "Contract", "namePl": "Umowa", "probability": 80}]}"""
                .formatted(unique("Field sales"))).json();
        long id = pipeline.get("id").asLong();
        Http seller = apiAs(Role.SALES);
        long deal = seller.postJson("/api/v1/deals", "{\"name\": \"Tractor\", \"pipelineId\": " + id + "}").json()
                .get("id").asLong();

        assertThat(seller.language("pl").get("/api/v1/pipelines/" + id).json().get("stages")
                .findValuesAsString("name")).containsExactly("Wizyta", "Umowa");
        assertThat(seller.language("cs").get("/api/v1/pipelines/" + id).json().get("stages")
                .findValuesAsString("name")).as("no Czech name: the name given").containsExactly("Návštěva", "Contract");
        assertThat(seller.language("en").get("/api/v1/deals/" + deal).json().get("stageName").asString())
                .isEqualTo("Visit");
        assertThat(seller.language("cs").get("/api/v1/deals/" + deal).json().get("stageName").asString())
                .isEqualTo("Návštěva");
        Http page = signedInAs(Role.SALES);
        assertThat(page.get("/deals/board?pipeline=" + id + "&lang=pl").body()).contains("Wizyta").contains("Umowa");
        assertThat(page.get("/deals/" + deal + "?lang=cs").body()).contains("Návštěva");
        assertThat(page.get("/deals/list?pipelineId=" + id + "&lang=pl").body()).contains("Wizyta");
        JsonNode stage = admin.get("/api/v1/pipelines/" + id).json().get("stages").get(0);
        assertThat(stage.get("nameEn").asString()).isEqualTo("Visit");
        assertThat(stage.get("namePl").asString()).isEqualTo("Wizyta");
        assertThat(stage.get("nameCs").asString()).isEqualTo("Návštěva");
    }

    @Test
    void an_administrator_creates_orders_and_deletes_a_pipeline_on_the_pages() {
        Http admin = signedInAs(Role.ADMIN);
        assertThat(admin.get("/admin/pipelines").body()).contains("/admin/pipelines/new");
        assertThat(admin.get("/admin/pipelines/new").status()).isEqualTo(200);
        String name = unique("Events");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("stages[0].name", "Invite");
        form.put("stages[0].namePl", "Zaproszenie");
        form.put("stages[0].nameCs", "Pozvánka");
        form.put("stages[0].probability", "20");
        form.put("stages[1].name", "Booked");
        form.put("stages[1].namePl", "Rezerwacja");
        form.put("stages[1].nameCs", "");
        form.put("stages[1].probability", "70");
        form.put("stages[2].name", "");
        form.put("stages[2].probability", "");

        Map<String, String> moving = new LinkedHashMap<>(form);
        moving.put("move", "1:up");
        Http.Response reordered = admin.postForm("/admin/pipelines", moving);
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.body().indexOf("value=\"Booked\"")).isLessThan(reordered.body().indexOf("value=\"Invite\""));
        assertThat(count("pipelines where name = '" + name + "'")).as("moving saves nothing").isZero();

        Map<String, String> twins = new LinkedHashMap<>(form);
        twins.put("stages[1].name", "INVITE");
        Http.Response refused = admin.postForm("/admin/pipelines", twins);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("This pipeline already has a stage named INVITE.");

        assertThat(admin.postForm("/admin/pipelines", form).location()).isEqualTo("/admin/pipelines");
        long id = jdbc.sql("select id from pipelines where name = :n and active").param("n", name).query(Long.class)
                .single();
        assertThat(admin.postForm("/admin/pipelines", form).body()).as("the same name again")
                .contains("There is already a pipeline named " + name + ".");

        JsonNode read = apiAs(Role.SALES).language("pl").get("/api/v1/pipelines/" + id).json();
        assertThat(read.get("stages").findValuesAsString("name")).containsExactly("Zaproszenie", "Rezerwacja");
        long invite = read.get("stages").get(0).get("id").asLong();
        long booked = read.get("stages").get(1).get("id").asLong();

        Map<String, String> edit = new LinkedHashMap<>();
        edit.put("name", name);
        edit.put("version", String.valueOf(read.get("version").asInt()));
        edit.put("stages[0].id", String.valueOf(booked));
        edit.put("stages[0].name", "Booked");
        edit.put("stages[0].probability", "70");
        edit.put("stages[1].id", String.valueOf(invite));
        edit.put("stages[1].name", "Invite");
        edit.put("stages[1].namePl", "Zaproszenie");
        edit.put("stages[1].probability", "20");
        admin.get("/admin/pipelines/" + id);
        assertThat(admin.postForm("/admin/pipelines/" + id, edit).location()).isEqualTo("/admin/pipelines");
        assertThat(apiAs(Role.SALES).language("pl").get("/api/v1/pipelines/" + id).json().get("stages")
                .findValuesAsString("name")).as("saved in the new order; a Polish name left empty is gone")
                .containsExactly("Booked", "Zaproszenie");

        Http seller = apiAs(Role.SALES);
        long deal = seller.postJson("/api/v1/deals", "{\"name\": \"Gala\", \"pipelineId\": " + id + "}").json()
                .get("id").asLong();
        admin.get("/admin/pipelines");
        Http.Response refusedDelete = admin.postForm("/admin/pipelines/" + id + "/delete", Map.of());
        assertThat(admin.get(refusedDelete.location()).body()).contains("still holds one open deal");
        assertThat(apiAs(Role.ADMIN).delete("/api/v1/pipelines/" + id).status()).isEqualTo(409);

        int version = seller.get("/api/v1/deals/" + deal).json().get("version").asInt();
        assertThat(seller.postJson("/api/v1/deals/" + deal + "/lost", "{\"lostReason\": \"price\", \"version\": "
                + version + "}").status()).isEqualTo(200);
        assertThat(admin.postForm("/admin/pipelines/" + id + "/delete", Map.of()).location())
                .isEqualTo("/admin/pipelines");
        assertThat(admin.get("/admin/pipelines").body()).contains("The pipeline was deleted.").doesNotContain(name);
        assertThat(apiAs(Role.SALES).get("/api/v1/pipelines/" + id).status()).isEqualTo(404);
        assertThat(seller.get("/api/v1/deals/" + deal).json().get("stageName").asString())
                .as("a closed deal keeps its stage").isEqualTo("Booked");
        assertThat(signedInAs(Role.SALES).get("/deals/" + deal).body()).as("a closed deal's page still opens")
                .contains("Gala").contains("Booked");
        Http.Response reopened = seller.postJson("/api/v1/deals/" + deal + "/reopen", "{\"version\": " + (version + 1)
                + "}");
        assertThat(reopened.status()).isEqualTo(409);
        assertThat(reopened.json().get("detail").asString()).contains("removed with its pipeline");
        long defaultId = java.util.stream.StreamSupport.stream(seller.get("/api/v1/pipelines").json().spliterator(),
                false).filter(p -> p.get("isDefault").asBoolean()).findFirst().orElseThrow().get("id").asLong();
        assertThat(apiAs(Role.ADMIN).delete("/api/v1/pipelines/" + defaultId).status()).isEqualTo(409);
    }
}
