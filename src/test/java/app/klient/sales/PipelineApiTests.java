package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineApiTests extends WebTest {

    @Test
    void an_administrator_reshapes_a_pipeline_without_losing_a_deal() {
        Http admin = apiAs(Role.ADMIN);
        String name = "Renewals " + UUID.randomUUID().toString().substring(0, 4);
        JsonNode pipeline = admin.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Notice", "probability": 40}, {"name": "Offer", "probability": 70},
                 {"name": "Signed", "probability": 95}]}""".formatted(name)).json();
        long id = pipeline.get("id").asLong();
        long notice = pipeline.get("stages").get(0).get("id").asLong();
        long offer = pipeline.get("stages").get(1).get("id").asLong();
        long signed = pipeline.get("stages").get(2).get("id").asLong();
        long deal = admin.postJson("/api/v1/deals", "{\"name\": \"Renewal 2027\", \"pipelineId\": " + id + "}")
                .json().get("id").asLong();
        assertThat(admin.get("/api/v1/deals/" + deal).json().get("stageId").asLong()).isEqualTo(notice);

        Http.Response refused = admin.putJson("/api/v1/pipelines/" + id, """
                {"name": "%s", "version": 0, "stages": [{"id": %d, "name": "Offer", "probability": 70}]}"""
                .formatted(name, offer));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("Notice").contains("one open deal");

        JsonNode changed = admin.putJson("/api/v1/pipelines/" + id, """
                {"name": "%s", "version": 0, "stages": [{"id": %d, "name": "Notice given", "probability": 30},
                 {"name": "Call", "probability": 50}, {"id": %d, "name": "Offer", "probability": 75}]}"""
                .formatted(name + " 2", notice, offer)).json();
        assertThat(changed.get("name").asString()).isEqualTo(name + " 2");
        assertThat(changed.get("stages").findValuesAsString("name")).containsExactly("Notice given", "Call", "Offer");
        assertThat(changed.get("stages").findValues("id")).extracting(JsonNode::asLong).doesNotContain(signed);
        assertThat(admin.get("/api/v1/deals/" + deal).json().get("stageName").asString()).isEqualTo("Notice given");
        assertThat(admin.get("/api/v1/pipelines/" + id).json().get("stages").findValuesAsString("name"))
                .as("read back, not just answered").containsExactly("Notice given", "Call", "Offer");
        assertThat(admin.putJson("/api/v1/pipelines/" + id, """
                {"name": "Late", "version": 0, "stages": [{"id": %d, "name": "X", "probability": 1}]}"""
                .formatted(notice)).status()).as("stale version").isEqualTo(409);
    }

    @Test
    void pipelines_are_checked_and_only_administrators_shape_them() {
        Http admin = apiAs(Role.ADMIN);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/pipelines",
                "{\"name\": \"Mine\", \"stages\": [{\"name\": \"A\", \"probability\": 10}]}").status()).isEqualTo(403);
        assertThat(apiAs(Role.SALES).get("/api/v1/pipelines").status()).isEqualTo(200);
        long before = count("pipelines");
        assertThat(admin.postJson("/api/v1/pipelines", "{\"name\": \"Empty\", \"stages\": []}").status())
                .isEqualTo(400);
        assertThat(admin.postJson("/api/v1/pipelines",
                "{\"name\": \"Sure\", \"stages\": [{\"name\": \"A\", \"probability\": 101}]}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/pipelines",
                "{\"name\": \"\", \"stages\": [{\"name\": \"A\", \"probability\": 10}]}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/pipelines",
                "{\"name\": \"N\", \"stages\": [{\"name\": \"" + "S".repeat(101) + "\", \"probability\": 10}]}")
                .status()).isEqualTo(400);
        assertThat(count("pipelines")).isEqualTo(before);
    }

    @Test
    void the_stages_klient_made_read_in_each_language_and_stay_translated_when_saved_as_shown() {
        Http polish = apiAs(Role.ADMIN).language("pl");
        JsonNode pipeline = java.util.stream.StreamSupport.stream(polish.get("/api/v1/pipelines").json().spliterator(),
                false).filter(p -> p.get("isDefault").asBoolean()).findFirst().orElseThrow();
        assertThat(pipeline.get("stages").findValuesAsString("name"))
                .containsExactly("Kwalifikacja", "Analiza potrzeb", "Oferta", "Negocjacje", "Zobowiązanie");
        StringBuilder stages = new StringBuilder();
        for (JsonNode stage : pipeline.get("stages")) {
            stages.append(stages.isEmpty() ? "" : ", ").append("{\"id\": %d, \"name\": \"%s\", \"probability\": %d}"
                    .formatted(stage.get("id").asLong(), stage.get("name").asString(), stage.get("probability").asInt()));
        }
        Http.Response saved = polish.putJson("/api/v1/pipelines/" + pipeline.get("id").asLong(),
                "{\"name\": \"%s\", \"version\": %d, \"stages\": [%s]}".formatted(pipeline.get("name").asString(),
                        pipeline.get("version").asInt(), stages));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(apiAs(Role.SALES).language("cs").get("/api/v1/pipelines/" + pipeline.get("id").asLong()).json()
                .get("stages").findValuesAsString("name"))
                .as("saved unchanged in Polish, still read in Czech")
                .containsExactly("Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Závazek");
        assertThat(signedInAs(Role.SALES).get("/deals/board?lang=pl").body()).contains("Analiza potrzeb");
    }
}
