package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;

import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class UserApiTests extends WebTest {

    Http admin;

    @BeforeEach
    void signInAsAdministrator() {
        admin = Http.on(port);
        String token = admin.postJson("/api/v1/auth/token",
                "{\"email\":\"" + TestUsers.ADMIN_EMAIL + "\",\"password\":\"" + TestUsers.ADMIN_PASSWORD + "\"}")
                .json().get("token").asString();
        admin.bearer(token);
    }

    @Test
    void an_administrator_creates_reads_lists_updates_and_deactivates_a_user() {
        long teamId = admin.postJson("/api/v1/teams", "{\"name\":\"Team " + UUID.randomUUID() + "\"}")
                .json().get("id").asLong();
        String email = "new-" + UUID.randomUUID() + "@klient.test";

        Http.Response created = admin.postJson("/api/v1/users", """
                {"email": "%s", "name": "Zuzana Nováková", "role": "SALES", "password": "a-long-password",
                 "locale": "cs", "timeZone": "Europe/Prague", "teamIds": [%d]}""".formatted(email, teamId));
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        long id = user.get("id").asLong();
        assertThat(created.location()).isEqualTo("/api/v1/users/" + id);
        assertThat(user.get("name").asString()).isEqualTo("Zuzana Nováková");
        assertThat(user.get("locale").asString()).isEqualTo("cs");
        assertThat(user.get("teams").get(0).get("id").asLong()).isEqualTo(teamId);
        assertThat(user.has("password")).isFalse();
        assertThat(created.body()).doesNotContain("a-long-password").doesNotContain("bcrypt");

        assertThat(admin.get("/api/v1/users/" + id).json().get("email").asString()).isEqualTo(email);
        JsonNode list = admin.get("/api/v1/users?q=" + email.substring(0, 20) + "&size=5").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("id").asLong()).isEqualTo(id);
        assertThat(list.get("size").asInt()).isEqualTo(5);

        Http.Response updated = admin.putJson("/api/v1/users/" + id, """
                {"email": "%s", "name": "Zuzana Svobodová", "role": "MANAGER", "locale": "cs",
                 "timeZone": "Europe/Prague", "teamIds": [], "version": %d}""".formatted(email,
                user.get("version").asInt()));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("role").asString()).isEqualTo("MANAGER");
        assertThat(updated.json().get("teams").size()).isZero();

        Http.Response deactivated = admin.postJson("/api/v1/users/" + id + "/deactivate", "");
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/users?active=false&q=" + email).json().get("total").asLong()).isEqualTo(1);
        assertThat(admin.postJson("/api/v1/users/" + id + "/activate", "").json().get("active").asBoolean()).isTrue();
    }

    @Test
    void a_stale_version_is_refused_instead_of_overwriting_someone_elses_change() {
        UserSummary user = testUsers.create(Role.SALES);
        String body = """
                {"email": "%s", "name": "%s", "role": "SUPPORT", "version": %d}""";
        assertThat(admin.putJson("/api/v1/users/" + user.id(), body.formatted(user.email(), "First", user.version()))
                .status()).isEqualTo(200);
        Http.Response second = admin.putJson("/api/v1/users/" + user.id(),
                body.formatted(user.email(), "Second", user.version()));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/users/" + user.id()).json().get("name").asString()).isEqualTo("First");
    }

    @Test
    void a_second_user_with_the_same_email_is_a_conflict_whatever_the_case() {
        UserSummary user = testUsers.create(Role.SALES);
        Http.Response duplicate = admin.postJson("/api/v1/users", """
                {"email": "%s", "name": "Copy", "role": "SALES", "password": "a-long-password"}"""
                .formatted(user.email().toUpperCase()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asString()).contains("already belongs to another user");
    }

    static Stream<Arguments> badUsers() {
        String ok = "\"email\": \"bad-%s@klient.test\", \"name\": \"Bad\", \"role\": \"SALES\", \"password\": \"a-long-password\"";
        return Stream.of(
                Arguments.of("empty body", "{}", "email"),
                Arguments.of("missing e-mail", "{\"name\":\"A\",\"role\":\"SALES\",\"password\":\"a-long-password\"}", "email"),
                Arguments.of("malformed e-mail", "{" + ok.replace("bad-%s@klient.test", "not-an-email") + "}", "email"),
                Arguments.of("e-mail without domain dot", "{" + ok.replace("bad-%s@klient.test", "a@b") + "}", "email"),
                Arguments.of("e-mail too long", "{" + ok.replace("bad-%s@klient.test", "a".repeat(300) + "@klient.test") + "}", "email"),
                Arguments.of("blank name", "{" + ok.replace("\"Bad\"", "\"   \"") + "}", "name"),
                Arguments.of("name too long", "{" + ok.replace("\"Bad\"", "\"" + "N".repeat(121) + "\"") + "}", "name"),
                Arguments.of("unknown role", "{" + ok.replace("SALES", "KING") + "}", "role"),
                Arguments.of("role of wrong type", "{" + ok.replace("\"SALES\"", "42") + "}", "role"),
                Arguments.of("short password", "{" + ok.replace("a-long-password", "short") + "}", "password"),
                Arguments.of("huge password", "{" + ok.replace("a-long-password", "p".repeat(10_000)) + "}", "password"),
                Arguments.of("unsupported language", "{" + ok + ", \"locale\": \"de\"}", "locale"),
                Arguments.of("made-up time zone", "{" + ok + ", \"timeZone\": \"Mars/Olympus\"}", "timeZone"),
                Arguments.of("team ids of wrong type", "{" + ok + ", \"teamIds\": \"all\"}", "teamIds"),
                Arguments.of("unknown field", "{" + ok + ", \"admin\": true}", "admin"),
                Arguments.of("script in the name", "{" + ok.replace("\"Bad\"", "\"<script>x</script>" + "N".repeat(120) + "\"") + "}", "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsers")
    void bad_input_is_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        long before = userCount();
        Http.Response response = admin.postJson("/api/v1/users", json.formatted(UUID.randomUUID()));
        assertThat(response.status()).as(why).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at app.klient");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void unreadable_json_and_wrong_media_types_are_problems_not_errors() {
        long before = userCount();
        Http.Response broken = admin.postJson("/api/v1/users", "{\"email\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asString()).contains("not valid JSON");
        Http.Response form = admin.postForm("/api/v1/users", java.util.Map.of("email", "a@b.cz"));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/users/abc").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users/999999999").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/no-such-thing").json().get("status").asInt()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/users/1").status()).isEqualTo(405);
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void paging_and_sorting_are_checked() {
        assertThat(admin.get("/api/v1/users?size=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users?size=201").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users?page=-1").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users?sort=passwordHash").json().get("detail").asString())
                .contains("Sorting is possible by");
        assertThat(admin.get("/api/v1/users?sort=email,sideways").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/users?role=KING").status()).isEqualTo(400);
        JsonNode sorted = admin.get("/api/v1/users?sort=email,desc&size=200").json();
        String first = sorted.get("items").get(0).get("email").asString();
        String second = sorted.get("items").get(1).get("email").asString();
        assertThat(first.compareTo(second)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void errors_speak_the_callers_language() {
        Http.Response polish = admin.language("pl").postJson("/api/v1/users", "{}");
        assertThat(polish.json().get("title").asString()).isEqualTo("Nieprawidłowe żądanie");
        assertThat(polish.body()).contains("To pole jest wymagane.");
        Http.Response czech = admin.language("cs").postJson("/api/v1/users", "{}");
        assertThat(czech.json().get("title").asString()).isEqualTo("Neplatný požadavek");
        assertThat(czech.body()).contains("Toto pole je povinné.");
    }

    @Test
    void an_administrator_cannot_deactivate_themselves() {
        long adminId = admin.get("/api/v1/me").json().get("id").asLong();
        Http.Response response = admin.postJson("/api/v1/users/" + adminId + "/deactivate", "");
        assertThat(response.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/me").json().get("active").asBoolean()).isTrue();
    }

    private long userCount() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }
}
