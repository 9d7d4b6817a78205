package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.support.TestUsers;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an administrator does on the first day, clicked through in a real browser. */
class AdministratorJourneyTest extends JourneyTest {

    @AfterEach
    void administratorSpeaksEnglishAgain() {
        users.findByEmail(TestUsers.ADMIN_EMAIL).ifPresent(admin -> users.rememberLanguage(admin.id(), Locale.ENGLISH));
    }

    @Autowired
    Users users;

    @Test
    void the_administrator_signs_in_switches_to_polish_and_creates_a_user(Browser browser) {
        String email = "anna." + UUID.randomUUID().toString().substring(0, 6) + "@firma.pl";
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();
            LoginPage login = LoginPage.open(page, "http://localhost:" + port);
            login.signIn(TestUsers.ADMIN_EMAIL, TestUsers.ADMIN_PASSWORD);
            assertThat(page.locator("h1")).containsText("Hello");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("home.png")));
            // the administrator's start page (recent sign-ins with long addresses) fits a phone
            jdbc.sql("insert into audit_events (action, actor_name, address) values ('LOGIN', :who, :from)")
                    .param("who", "laurentyna.konopka.brzeczyszczykiewicz@demo.klient.app")
                    .param("from", "2001:0db8:85a3:0000:0000:8a2e:0370:7334").update();
            page.reload();
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("home-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "the administrator's start page");
            page.setViewportSize(1280, 800);

            page.locator(".lang-switch a[lang=pl]").click();
            assertThat(page.locator("h1")).containsText("Dzień dobry");

            page.locator(".sidebar a[href='/admin/users']").click();
            assertThat(page.locator("h1")).hasText("Użytkownicy");
            page.getByText("Nowy użytkownik").click();
            page.getByLabel("Imię i nazwisko").fill("Anna Wiśniewska");
            page.getByLabel("E-mail").fill(email);
            page.locator("#role").selectOption("SALES");
            page.locator("#password").fill("bezpieczne-haslo-1");
            page.locator("#locale").selectOption("pl");
            page.locator("#timeZone").selectOption("Europe/Warsaw");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("user-form.png")));
            page.getByText("Utwórz użytkownika").click();
            assertThat(page.locator(".flash.ok")).hasText("Użytkownik został utworzony.");

            page.locator(".sidebar a[href='/admin/users']").click();
            page.waitForLoadState(LoadState.LOAD);
            // the list's own search box, not the header's search everywhere
            page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Szukaj").setExact(true))
                    .fill("Wiśniewska");
            assertThat(page.locator("#results tbody tr")).hasCount(1);
            assertThat(page.locator("#results tbody")).containsText(email);
            assertThat(page.locator("#results tbody")).containsText("Handlowiec");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("users-pl.png"))
                    .setFullPage(true));

            page.locator(".lang-switch a[lang=en]").click();
            assertThat(page.locator("h1")).hasText("Users");
        }
        assertThat(users.findByEmail(email)).get().extracting(u -> u.role()).isEqualTo(Role.SALES);
    }

    /** The login page as a person sees it. */
    record LoginPage(Page page) {

        static LoginPage open(Page page, String base) {
            page.navigate(base + "/");
            assertThat(page.locator("h1")).containsText("Sign in");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login.png")));
            return new LoginPage(page);
        }

        void signIn(String email, String password) {
            page.getByLabel("E-mail").fill(email);
            page.getByLabel("Password").fill(password);
            page.locator("button[type=submit]").click();
        }
    }
}
