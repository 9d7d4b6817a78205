package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.RawHttp;
import app.klient.support.WebTest;
import jakarta.servlet.Filter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page Klient serves, read from Spring's own request mappings as the page sweep does, opened by an
 * administrator and read with jsoup: no script runs from the page itself (no inline {@code <script>}, no
 * {@code on…=""} handler, no {@code javascript:} link, no inline style the policy would refuse), and each answer
 * carries the security headers. Cookies and HSTS follow the request's transport.
 */
class PageHeadersTests extends WebTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    /** Script elements that carry data, which the browser never runs. */
    private static final Set<String> DATA_SCRIPTS = Set.of("application/json", "application/ld+json");

    @Autowired
    ApplicationContext context;

    @Test
    void no_page_runs_inline_script_and_every_page_has_the_security_headers() {
        UserSummary admin = testUsers.create(Role.ADMIN);
        Map<String, String> ids = records(admin);
        Http browser = signedIn(admin);
        RequestMappingHandlerMapping mappings = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<String> failures = new ArrayList<>();
        int pages = 0;
        Map<String, Boolean> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (handler.getBeanType().isAnnotationPresent(RestController.class)
                    || !handler.getBeanType().getPackageName().startsWith("app.klient")
                    || !(methods.isEmpty() || methods.contains(RequestMethod.GET))) {
                return;
            }
            info.getPatternValues().stream().filter(p -> !p.startsWith("/api/") && !p.equals("/error"))
                    .forEach(p -> routes.put(p, true));
        });
        for (String pattern : routes.keySet()) {
            String path = withIds(pattern, ids);
            Http.Response response = browser.get(path);
            headers(path, response, failures);
            if (response.status() == 200 && String.valueOf(response.contentType()).startsWith("text/html")
                    && !isEmailPreview(path)) {
                pages++;
                inlineCode(path, Jsoup.parse(response.body()), failures);
            }
        }
        // the sign-in page and an error page, as nobody signed in sees them
        Http nobody = browser();
        for (String path : List.of("/login", "/no-such-page")) {
            Http.Response response = nobody.get(path);
            headers(path, response, failures);
            inlineCode(path, Jsoup.parse(response.body()), failures);
        }
        System.out.printf("Page headers: %d routes, %d pages read, %d failures%n", routes.size(), pages,
                failures.size());
        assertThat(pages).isGreaterThan(50);
        assertThat(failures).isEmpty();
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_over_plain_http() {
        UserSummary user = testUsers.create(Role.SALES);
        Http.Response signedIn = browser().login(user.email(), app.klient.support.TestUsers.PASSWORD);

        String cookie = sessionCookie(signedIn.raw().headers().allValues("Set-Cookie"));
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        assertThat(signedIn.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void over_tls_the_session_cookie_is_secure_and_hsts_is_sent() throws Exception {
        MockMvc tls = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .addFilters(context.getBean("springSessionRepositoryFilter", Filter.class),
                        context.getBean("springSecurityFilterChain", Filter.class))
                .build();
        UserSummary user = testUsers.create(Role.SALES);

        MockHttpServletResponse login = tls.perform(MockMvcRequestBuilders.post("/login").secure(true)
                .param("username", user.email()).param("password", app.klient.support.TestUsers.PASSWORD)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                        .csrf())).andReturn().getResponse();
        MockHttpServletResponse plain = tls.perform(MockMvcRequestBuilders.get("/login")).andReturn().getResponse();

        assertThat(login.getRedirectedUrl()).isEqualTo("/");
        assertThat(sessionCookie(login.getHeaders("Set-Cookie"))).contains("Secure").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
        assertThat(login.getHeader("Strict-Transport-Security")).contains("max-age=");
        assertThat(plain.getHeader("Strict-Transport-Security")).isNull();
    }

    @Test
    void answers_tomcat_gives_by_itself_name_no_server_or_version() {
        for (String target : List.of("/%", "/a%00b", "/no-such-page", "/api/v1/no-such-thing")) {
            RawHttp.Answer answer = RawHttp.get(port, target, "");
            assertThat(answer.header("Server")).as(target).isNull();
            assertThat(answer.header("X-Powered-By")).as(target).isNull();
            assertThat(answer.raw().toLowerCase(Locale.ROOT)).as(target).doesNotContain("tomcat")
                    .doesNotContain("spring").doesNotContain("jetty").doesNotContain("whitelabel");
        }
    }

    // --- checks

    private static void headers(String path, Http.Response response, List<String> failures) {
        String csp = response.header("Content-Security-Policy");
        if (csp == null) {
            failures.add(path + ": no Content-Security-Policy");
        }
        else {
            String scripts = directive(csp, "script-src");
            if (scripts == null && directive(csp, "default-src") == null
                    || scripts != null && (scripts.contains("'unsafe-inline'") || scripts.contains("'unsafe-eval'"))) {
                failures.add(path + ": script-src allows inline script: " + csp);
            }
            // ASVS 5.0 3.4.3: at least object-src 'none' (or a default-src 'none' it falls back to) and base-uri 'none'
            String objects = directive(csp, "object-src") != null ? directive(csp, "object-src")
                    : directive(csp, "default-src");
            if (!"'none'".equals(objects) || !"'none'".equals(directive(csp, "base-uri"))) {
                failures.add(path + ": object-src or base-uri is not 'none': " + csp);
            }
            // the public web forms are made to be embedded in the company's own site, and a campaign's e-mail is
            // previewed in a sandboxed frame of the campaign page (SecurityConfiguration)
            if (isEmailPreview(path)) {
                if (!"'self'".equals(directive(csp, "frame-ancestors")) || directive(csp, "sandbox") == null
                        || !"'none'".equals(directive(csp, "default-src"))) {
                    failures.add(path + ": the e-mail preview is not sandboxed under its own policy: " + csp);
                }
            }
            else if (!"'none'".equals(directive(csp, "frame-ancestors")) && !path.startsWith("/forms/")) {
                failures.add(path + ": frame-ancestors is not 'none': " + csp);
            }
        }
        expect(path, response, "X-Content-Type-Options", "nosniff", failures);
        if (response.header("Referrer-Policy") == null) {
            failures.add(path + ": no Referrer-Policy");
        }
        String permissions = response.header("Permissions-Policy");
        if (permissions == null || !permissions.contains("camera=()") || !permissions.contains("geolocation=()")
                || !permissions.contains("microphone=()")) {
            failures.add(path + ": no restrictive Permissions-Policy: " + permissions);
        }
        for (String banner : List.of("Server", "X-Powered-By")) {
            if (response.header(banner) != null) {
                failures.add(path + ": " + banner + ": " + response.header(banner));
            }
        }
        if (response.header("Strict-Transport-Security") != null) {
            failures.add(path + ": HSTS over plain HTTP");
        }
    }

    private static void expect(String path, Http.Response response, String header, String value,
            List<String> failures) {
        if (!value.equalsIgnoreCase(String.valueOf(response.header(header)))) {
            failures.add(path + ": " + header + " is " + response.header(header) + ", not " + value);
        }
    }

    private static void inlineCode(String path, Document page, List<String> failures) {
        for (Element script : page.select("script")) {
            String type = script.attr("type").toLowerCase(Locale.ROOT);
            if (!script.hasAttr("src") && !DATA_SCRIPTS.contains(type)) {
                failures.add(path + ": inline script " + abbreviate(script.outerHtml()));
            }
        }
        if (!page.select("style").isEmpty()) {
            failures.add(path + ": inline <style> " + abbreviate(page.select("style").first().outerHtml()));
        }
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue().strip().toLowerCase(Locale.ROOT);
                if (name.startsWith("on") || name.startsWith("hx-on")) {
                    failures.add(path + ": event handler attribute " + name + " on <" + element.tagName() + ">");
                }
                else if (name.equals("style")) {
                    failures.add(path + ": style attribute on <" + element.tagName() + ">: " + abbreviate(value));
                }
                else if ((name.equals("href") || name.equals("src") || name.equals("action")
                        || name.equals("formaction")) && value.startsWith("javascript:")) {
                    failures.add(path + ": javascript: URL in " + name + " of <" + element.tagName() + ">");
                }
            }
        }
    }

    /** An e-mail as its recipients see it, styled inline: shown sandboxed, under a policy of its own. */
    private static boolean isEmailPreview(String path) {
        return path.matches("/marketing/campaigns/[^/]+/preview");
    }

    private static String directive(String csp, String name) {
        for (String part : csp.split(";")) {
            String trimmed = part.strip();
            if (trimmed.equals(name) || trimmed.startsWith(name + " ")) {
                return trimmed.substring(name.length()).strip();
            }
        }
        return null;
    }

    private static String sessionCookie(List<String> setCookies) {
        return setCookies.stream().filter(c -> c.startsWith("SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + setCookies));
    }

    // --- records for the pages that show one

    private Map<String, String> records(UserSummary admin) {
        Http api = api(admin);
        Map<String, String> ids = new TreeMap<>();
        long company = company(api, "Headers sp. z o.o.", "PL", null);
        ids.put("/companies", String.valueOf(company));
        created(api, ids, "/api/v1/contacts", "{\"firstName\": \"Ewa\", \"lastName\": \"Nagłówek\", \"companyId\": "
                + company + "}", "/contacts");
        created(api, ids, "/api/v1/deals", "{\"name\": \"Headers deal\", \"companyId\": " + company + "}", "/deals");
        created(api, ids, "/api/v1/leads", "{\"lastName\": \"Nagłówek\", \"email\": \"headers-lead@example.com\"}",
                "/leads");
        created(api, ids, "/api/v1/tickets", "{\"subject\": \"Headers\", \"companyId\": " + company + "}",
                "/tickets");
        ids.put("/admin/users", String.valueOf(testUsers.create(Role.SALES).id()));
        return ids;
    }

    private static void created(Http api, Map<String, String> ids, String path, String body, String pages) {
        Http.Response response = api.postJson(path, body);
        if (response.status() < 300) {
            ids.put(pages, response.json().get("id").asString());
        }
    }

    private static String withIds(String pattern, Map<String, String> ids) {
        String prefix = pattern.contains("{") ? pattern.substring(0, pattern.indexOf('{') - 1) : pattern;
        String id = ids.getOrDefault(prefix, "999999999");
        return VARIABLE.matcher(pattern).replaceAll(id);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
