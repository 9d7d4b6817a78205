package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

class UserPagesTests extends WebTest {

    @Autowired
    Users users;

    @Autowired
    Teams teams;

    Http admin;

    @BeforeEach
    void signIn() {
        admin = administrator();
    }

    @Test
    void an_administrator_creates_a_user_with_the_form_and_finds_it_in_the_list() {
        String email = "form-" + UUID.randomUUID() + "@klient.test";
        admin.get("/admin/users/new");
        Http.Response created = admin.postForm("/admin/users", validUser(email));
        assertThat(created.status()).isEqualTo(302);
        assertThat(created.location()).matches("/admin/users/\\d+");
        Http.Response page = admin.get(created.location());
        assertThat(page.body()).contains("The user was created.").contains("Jiří Dvořák");

        Http.Response list = admin.get("/admin/users?q=" + email);
        assertThat(list.body()).contains(email).contains("<html");
        Http.Response fragment = admin.get("/admin/users?q=" + email, Map.of("HX-Request", "true"));
        assertThat(fragment.body()).contains(email).doesNotContain("<html").doesNotContain("<nav");
        assertThat(users.findByEmail(email)).get().extracting(UserSummary::role).isEqualTo(Role.SUPPORT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty e-mail | email | ''",
            "malformed e-mail | email | not-an-email",
            "e-mail too long | email | LONG_EMAIL",
            "empty name | name | ''",
            "name too long | name | LONG_NAME",
            "short password | password | short",
            "unknown role | role | EMPEROR",
            "foreign language | locale | de",
            "made-up time zone | timeZone | Moon/Base",
            "team id not a number | teamIds | abc",
            "team that does not exist | teamIds | 987654321"
    })
    void bad_input_shows_the_form_again_with_a_message_and_stores_nothing(String why, String field, String value) {
        long before = jdbc.sql("select count(*) from users").query(Long.class).single();
        Map<String, String> form = validUser("bad-" + UUID.randomUUID() + "@klient.test");
        form.put(field, switch (value) {
            case "LONG_EMAIL" -> "a".repeat(250) + "@klient.test";
            case "LONG_NAME" -> "N".repeat(121);
            default -> value;
        });
        admin.get("/admin/users/new");
        Http.Response response = admin.postForm("/admin/users", form);
        assertThat(response.status()).as(why).isEqualTo(200);
        assertThat(response.body()).as(why).containsAnyOf("field-error", "flash error");
        assertThat(response.body()).doesNotContain("Exception");
        assertThat(jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void the_form_answers_in_the_chosen_language() {
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/admin/users/new?lang=pl");
        Map<String, String> form = validUser("pl-" + UUID.randomUUID() + "@klient.test");
        form.put("email", "");
        assertThat(admin.postForm("/admin/users", form).body()).contains("To pole jest wymagane.");
        admin.get("/admin/users/new?lang=cs");
        assertThat(admin.postForm("/admin/users", form).body()).contains("Toto pole je povinné.");
    }

    @Test
    void a_form_without_its_csrf_token_is_refused_and_nothing_is_stored() {
        String email = "csrf-" + UUID.randomUUID() + "@klient.test";
        Http.Response response = admin.postFormRaw("/admin/users", validUser(email));
        assertThat(response.status()).isEqualTo(403);
        assertThat(users.findByEmail(email)).isEmpty();
    }

    @Test
    void two_administrators_editing_one_user_do_not_overwrite_each_other() {
        UserSummary user = testUsers.create(Role.SALES);
        Map<String, String> first = editForm(user, "First Editor");
        Map<String, String> second = editForm(user, "Second Editor");
        admin.get("/admin/users/" + user.id());
        assertThat(admin.postForm("/admin/users/" + user.id(), first).status()).isEqualTo(302);
        Http.Response stale = admin.postForm("/admin/users/" + user.id(), second);
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).contains("Someone else changed this record");
        assertThat(users.get(user.id()).name()).isEqualTo("First Editor");
    }

    @Test
    void deactivating_from_the_page_keeps_the_user_and_shows_it_as_deactivated() {
        UserSummary user = testUsers.create(Role.SALES);
        admin.get("/admin/users/" + user.id());
        Http.Response response = admin.postForm("/admin/users/" + user.id() + "/deactivate", Map.of());
        assertThat(response.location()).isEqualTo("/admin/users/" + user.id());
        assertThat(admin.get(response.location()).body()).contains("This user is deactivated");
        assertThat(admin.get("/admin/users?status=inactive&q=" + user.email()).body()).contains(user.email());
        assertThat(admin.get("/admin/users?q=" + user.email()).body()).doesNotContain(user.email() + "</td>");
    }

    @Test
    void teams_are_created_renamed_and_names_stay_unique() {
        String name = "Team " + UUID.randomUUID().toString().substring(0, 8);
        admin.get("/admin/teams");
        assertThat(admin.postForm("/admin/teams", Map.of("name", name)).location()).isEqualTo("/admin/teams");
        assertThat(admin.get("/admin/teams").body()).contains(name).contains("The team was created.");
        Http.Response duplicate = admin.postForm("/admin/teams", Map.of("name", name.toUpperCase()));
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.body()).contains("already exists");
        assertThat(admin.postForm("/admin/teams", Map.of("name", "")).body()).contains("This field is required.");
        assertThat(admin.postForm("/admin/teams", Map.of("name", "T".repeat(101))).body())
                .contains("Enter between 0 and 100 characters.");
    }

    @Test
    void unticking_every_team_on_the_page_takes_the_user_out_of_them_and_ticking_one_keeps_it() {
        UserSummary user = inNewTeams(2);
        Map<String, String> kept = editForm(user, user.name());
        kept.put("teamIds", String.valueOf(user.teamIds().get(0)));
        kept.put("_teamIds", "on");
        admin.get("/admin/users/" + user.id());
        assertThat(admin.postForm("/admin/users/" + user.id(), kept).status()).isEqualTo(302);
        assertThat(users.get(user.id()).teamIds()).containsExactly(user.teamIds().get(0));

        // what the page sends with no box ticked: only the checkboxes' marker
        Map<String, String> none = editForm(users.get(user.id()), user.name());
        none.put("_teamIds", "on");
        assertThat(admin.postForm("/admin/users/" + user.id(), none).status()).isEqualTo(302);
        assertThat(users.get(user.id()).teams()).isEmpty();
    }

    @Test
    void a_user_read_over_the_api_and_sent_back_keeps_their_teams() {
        UserSummary user = inNewTeams(2);
        Http api = apiAs(Role.ADMIN);
        Http.Response read = api.get("/api/v1/users/" + user.id());
        assertThat(read.json().get("teamIds")).hasSize(2);
        Http.Response written = api.putJson("/api/v1/users/" + user.id(), read.body());
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(users.get(user.id()).teamIds()).containsExactlyInAnyOrderElementsOf(user.teamIds());
    }

    @Test
    void a_change_over_the_api_without_team_ids_keeps_the_teams_and_an_empty_list_clears_them() {
        UserSummary user = inNewTeams(1);
        Http api = apiAs(Role.ADMIN);
        Http.Response renamed = api.putJson("/api/v1/users/" + user.id(), """
                {"email": "%s", "name": "Renamed", "role": "%s", "version": %d}"""
                .formatted(user.email(), user.role(), user.version()));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(users.get(user.id()).teamIds()).isEqualTo(user.teamIds());
        Http.Response cleared = api.putJson("/api/v1/users/" + user.id(), """
                {"email": "%s", "name": "Renamed", "role": "%s", "teamIds": [], "version": %d}"""
                .formatted(user.email(), user.role(), renamed.json().get("version").asInt()));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(users.get(user.id()).teams()).isEmpty();
    }

    private UserSummary inNewTeams(int count) {
        UserSummary user = testUsers.create(Role.SALES);
        java.util.Set<Long> teamIds = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            teamIds.add(teams.create(new TeamForm("Round trip " + UUID.randomUUID(), null)).id());
        }
        return users.update(user.id(), new UserUpdate(user.email(), user.name(), user.role(), user.locale(),
                user.timeZone(), teamIds, "", user.version()));
    }

    @Test
    void an_unknown_user_is_a_404_page() {
        Http.Response response = admin.get("/admin/users/987654321");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("Page not found");
        assertThat(admin.get("/admin/users/not-a-number").status()).isEqualTo(404);
    }

    private static Map<String, String> validUser(String email) {
        Map<String, String> form = new HashMap<>();
        form.put("email", email);
        form.put("name", "Jiří Dvořák");
        form.put("role", "SUPPORT");
        form.put("password", "a-long-password");
        form.put("locale", "cs");
        form.put("timeZone", "Europe/Prague");
        return form;
    }

    private static Map<String, String> editForm(UserSummary user, String name) {
        Map<String, String> form = new HashMap<>();
        form.put("email", user.email());
        form.put("name", name);
        form.put("role", user.role().name());
        form.put("locale", user.locale());
        form.put("timeZone", user.timeZone());
        form.put("password", "");
        form.put("version", String.valueOf(user.version()));
        return form;
    }
}
