package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * Klient on a phone: the page links a valid manifest with its icons, the service worker registers, a customer card
 * opened with signal is read again without it (with the "offline copy" note and no CSRF token in it), a page never
 * opened shows the offline page that lists the kept cards, and signing out leaves no card on the device. On the account
 * page the person switches push on as far as headless Chromium goes (it has no push service), sees the browser Klient
 * was told about among the devices, and switches it off.
 */
class PhoneAppJourneyTest extends JourneyTest {

    private static final String PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Mobile Safari/537.36";

    @Test
    void a_card_read_with_signal_is_read_again_without_it_until_its_reader_signs_out(Browser browser) {
        UserSummary user = testUsers.create(Role.SALES);
        String name = "Offline Łódź Trading " + System.nanoTime();
        long id = company(api(user), name, "PL", null);
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setUserAgent(PHONE))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, user.email());

            // the manifest: linked, valid, with its icons
            String manifestHref = page.locator("link[rel=manifest]").getAttribute("href");
            assertThat(manifestHref).isEqualTo("/manifest.webmanifest");
            assertThat(page.locator("meta[name=theme-color]")).hasAttribute("content", "#2f5bea");
            assertThat(page.locator("link[rel=apple-touch-icon]")).hasAttribute("href", "/img/apple-touch-icon.png");
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = (Map<String, Object>) page.evaluate(
                    "fetch('/manifest.webmanifest').then(r => r.json())");
            assertThat(manifest).containsEntry("name", "Klient").containsEntry("short_name", "Klient")
                    .containsEntry("start_url", "/").containsEntry("display", "standalone")
                    .containsEntry("theme_color", "#2f5bea");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> icons = (List<Map<String, Object>>) manifest.get("icons");
            assertThat(icons).extracting(i -> i.get("sizes") + " " + i.get("purpose"))
                    .contains("192x192 any", "512x512 any", "512x512 maskable", "any any");
            for (Map<String, Object> icon : icons) {
                Object size = page.evaluate("src => fetch(src).then(r => r.ok ? r.blob() : null).then(b => b && b.size)",
                        icon.get("src"));
                assertThat(((Number) size).intValue()).as(String.valueOf(icon.get("src"))).isPositive();
            }

            // the service worker registers for the whole application and takes over the page
            Object scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)");
            assertThat(scope).isEqualTo(base + "/");
            until(page, "() => navigator.serviceWorker.controller !== null", null);

            page.navigate(base + "/companies/" + id);
            assertThat(page.locator("h1")).containsText(name);
            assertThat(page.locator("[data-offline-note]")).isHidden();
            waitForKept(page, "/companies/" + id);

            offline(context, true);
            page.navigate(base + "/companies/" + id);
            assertThat(page.locator("h1")).containsText(name);
            assertThat(page.locator("[data-offline-note]")).isVisible();
            assertThat(page.locator("[data-offline-note]")).containsText("Offline copy from");
            assertThat(page.locator("meta[name=_csrf]")).hasAttribute("content", "");
            assertThat(page.locator("input[name=_csrf]").evaluateAll("all => all.filter(i => i.value).length"))
                    .isEqualTo(0);
            PhoneWidth.fits(page, 390, "an offline copy of a customer card");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("phone-offline-card.png"))
                    .setFullPage(true));

            // a page never opened: the offline page, which lists what can be read
            page.navigate(base + "/tasks");
            assertThat(page.locator("h1")).hasText("No connection");
            assertThat(page.locator("[data-offline-cards] a")).containsText(name);
            PhoneWidth.fits(page, 390, "the offline page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("phone-offline-page.png")));

            offline(context, false);
            page.navigate(base + "/");
            page.locator("details.menu > summary").click();
            page.locator("form[action='/logout'] button").click();
            assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login.*"));
            until(page, "() => caches.keys().then(n => !n.some(x => x.startsWith('klient-cards-')))", null);
            assertThat(page.evaluate("caches.keys().then(n => n.filter(x => x.startsWith('klient-cards-')).length)"))
                    .isEqualTo(0);

            offline(context, true);
            page.navigate(base + "/companies/" + id);
            assertThat(page.locator("h1")).hasText("No connection");
            assertThat(page.locator("body")).not().containsText(name);
            offline(context, false);
        }
    }

    @Test
    void a_person_switches_push_on_and_off_for_their_phone_on_the_account_page(Browser browser) {
        UserSummary user = testUsers.create(Role.SUPPORT, "pl");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setUserAgent(PHONE))) {
            context.grantPermissions(List.of("notifications"));
            Page page = context.newPage();
            Chromium.signIn(page, port, user.email());
            page.navigate("http://localhost:" + port + "/account?lang=pl");
            // a worker that activates after the page loaded controls it from the next load on
            until(page, "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))", null);
            page.reload();
            until(page, "() => navigator.serviceWorker.controller !== null", null);

            assertThat(page.locator("#push h2")).hasText("Powiadomienia push");
            assertThat(page.locator("#push-devices")).containsText("Żadne urządzenie nie otrzymuje jeszcze powiadomień push.");
            assertThat(page.locator("[data-push-enable]")).isVisible();
            page.locator("[data-push-enable]").click();
            // headless Chromium has no push service: the subscription fails there and the page says so in plain words
            assertThat(page.locator("[data-push-here][data-state=on], [data-push-here][data-state=failed]")).hasCount(1);
            String state = page.locator("[data-push-here]").getAttribute("data-state");
            if (state.equals("failed")) {
                assertThat(page.locator("[data-push-state]")).hasText(
                        "Nie udało się włączyć powiadomień push w tej przeglądarce. Spróbuj ponownie później.");
                assertThat(page.locator("[data-push-enable]")).isVisible();
                // what the page posts when the browser's push service answers: its subscription, made here by hand
                Object status = page.evaluate("""
                        async () => {
                            const pair = await crypto.subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, true, ['deriveBits']);
                            const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
                            const b64 = bytes => btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                            const response = await fetch('/account/push/devices', {method: 'POST', headers: {
                                'Content-Type': 'application/json',
                                [document.querySelector('meta[name=_csrf_header]').content]: document.querySelector('meta[name=_csrf]').content},
                                body: JSON.stringify({endpoint: location.origin.replace('localhost', '127.0.0.1') + '/push-service/1',
                                    expirationTime: null, keys: {p256dh: b64(raw), auth: b64(crypto.getRandomValues(new Uint8Array(16)))}})});
                            document.body.dispatchEvent(new CustomEvent('klient:push-changed'));
                            return response.status;
                        }""");
                assertThat(status).isEqualTo(201);
            }
            assertThat(page.locator("#push-devices li")).hasCount(1);
            assertThat(page.locator("#push-devices li")).containsText("Chrome w systemie Android");
            PhoneWidth.fits(page, 390, "the account page with push");
            page.locator("#push").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("phone-push-devices.png")));

            page.locator("#push-devices li button").click();
            assertThat(page.locator("#push-devices")).containsText("Żadne urządzenie nie otrzymuje jeszcze powiadomień push.");
            assertThat(jdbc.sql("select count(*) from push_subscriptions where user_id = :u").param("u", user.id())
                    .query(Long.class).single()).isZero();
        }
    }

    /** No signal, for the page and for its service worker (whose requests setOffline does not reach). */
    private static void offline(BrowserContext context, boolean offline) {
        context.setOffline(offline);
        if (offline) {
            context.route("**", route -> route.abort("internetdisconnected"));
        }
        else {
            context.unrouteAll();
        }
    }

    /**
     * Waits until {@code predicate} holds, asked from outside the page: Playwright's waitForFunction evaluates its
     * predicate with eval inside the page, which Klient's CSP (no 'unsafe-eval') refuses now and then.
     */
    private static void until(Page page, String predicate, Object argument) {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(page.evaluate(predicate, argument))) {
                    return;
                }
            }
            catch (com.microsoft.playwright.PlaywrightException navigating) {
                // the page was being replaced: ask the next one
            }
            page.waitForTimeout(100);
        }
        throw new AssertionError("never true: " + predicate);
    }

    private static void waitForKept(Page page, String path) {
        until(page, """
                path => caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('klient-cards-'))
                    .map(n => caches.open(n).then(c => c.match(path))))).then(found => found.some(Boolean))""", path);
    }
}
