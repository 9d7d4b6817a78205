package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelinePagesTests extends WebTest {

    @Test
    void an_administrator_edits_stages_on_the_page_and_bad_rows_are_refused() {
        Http api = apiAs(Role.ADMIN);
        String name = "Projects " + UUID.randomUUID().toString().substring(0, 4);
        JsonNode pipeline = api.postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Brief", "probability": 20}, {"name": "Pitch", "probability": 60}]}"""
                .formatted(name)).json();
        long id = pipeline.get("id").asLong();
        Http admin = signedInAs(Role.ADMIN);
        assertThat(admin.get("/admin/pipelines").body()).contains(name);
        assertThat(admin.get("/admin/pipelines/" + id).status()).isEqualTo(200);

        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("version", "0");
        form.put("stages[0].id", pipeline.get("stages").get(0).get("id").asString());
        form.put("stages[0].name", "Brief received");
        form.put("stages[0].probability", "15");
        form.put("stages[1].id", pipeline.get("stages").get(1).get("id").asString());
        form.put("stages[1].name", "Pitch");
        form.put("stages[1].probability", "60");
        form.put("stages[1].remove", "true");
        form.put("stages[2].name", "Contract");
        form.put("stages[2].probability", "90");
        form.put("stages[3].name", "");
        form.put("stages[3].probability", "");

        Map<String, String> bad = new HashMap<>(form);
        bad.put("stages[2].probability", "lots");
        Http.Response refused = admin.postForm("/admin/pipelines/" + id, bad);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Each stage needs a name and a probability from 0 to 100.");

        admin.get("/admin/pipelines/" + id);
        assertThat(admin.postForm("/admin/pipelines/" + id, form).location()).isEqualTo("/admin/pipelines");
        assertThat(api.get("/api/v1/pipelines/" + id).json().get("stages").findValuesAsString("name"))
                .containsExactly("Brief received", "Contract");
        assertThat(signedInAs(Role.MANAGER).get("/admin/pipelines").status()).isEqualTo(403);
    }
}
