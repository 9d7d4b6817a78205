package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

class LanguageChoiceTests extends WebTest {

    private String savedLanguage(UserSummary user) {
        return jdbc.sql("select locale from users where id = :id").param("id", user.id()).query(String.class).single();
    }

    @Test
    void lang_on_an_api_call_chooses_that_answer_only_and_leaves_the_saved_language() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        Http api = api(polish);
        Http.Response czech = api.get("/api/v1/contacts/987654321?lang=cs");
        assertThat(czech.status()).isEqualTo(404);
        Http.Response polishAnswer = api.get("/api/v1/contacts/987654321");
        assertThat(czech.json().get("detail").asString()).as("answered in Czech")
                .isNotEqualTo(polishAnswer.json().get("detail").asString());
        assertThat(savedLanguage(polish)).isEqualTo("pl");
    }

    @Test
    void lang_on_a_page_is_the_persons_choice_and_is_kept() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        Http page = signedIn(polish);
        assertThat(page.get("/contacts?lang=cs").status()).isEqualTo(200);
        assertThat(savedLanguage(polish)).isEqualTo("cs");
        // and back to the language the person signed in with
        assertThat(page.get("/contacts?lang=pl").status()).isEqualTo(200);
        assertThat(savedLanguage(polish)).isEqualTo("pl");
    }
}
