package app.klient.browser;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Debian's Chromium driven by Playwright, never a downloaded browser. Without Chromium the browser tests are skipped
 * with a plain message on a developer's machine; under CI=true a missing browser fails the build instead, so a green
 * CI always means these tests ran.
 * <p>
 * A journey fails when the browser reports a Content-Security-Policy violation on any of its pages (an inline script
 * or handler, a style or resource the policy refuses): the page would be broken for a real user the same way, and the
 * console is the only place that says so.
 */
public class Chromium implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        ParameterResolver {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("KLIENT_CHROMIUM", "/usr/bin/chromium"));

    private Playwright playwright;
    private Browser browser;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(EXECUTABLE)) {
            return ConditionEvaluationResult.enabled("Chromium found at " + EXECUTABLE);
        }
        String why = "BROWSER TESTS SKIPPED: no Chromium at " + EXECUTABLE
                + " (install it with: sudo apt-get install chromium, or point KLIENT_CHROMIUM at one)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(why.replace("SKIPPED", "CANNOT RUN") + "; CI=true forbids skipping them");
        }
        System.err.println("\n*** " + why + " ***\n");
        return ConditionEvaluationResult.disabled(why);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        playwright = Playwright.create(new Playwright.CreateOptions()
                // the service worker's own requests go through the context's routes too, so a journey can take the
                // signal away from it (setOffline alone does not reach service workers: microsoft/playwright#2311)
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                        "PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> seen = drainViolations();
        if (!seen.isEmpty() && context.getExecutionException().isPresent()) {
            // the journey failed already: say what the policy refused too, it may be why
            System.err.println("Content-Security-Policy violations in the browser's console:\n  "
                    + String.join("\n  ", seen));
        }
        else if (!seen.isEmpty()) {
            throw new AssertionError("Content-Security-Policy violations in the browser's console:\n  "
                    + String.join("\n  ", seen));
        }
    }

    /** The violations reported since the last call. */
    List<String> drainViolations() {
        synchronized (violations) {
            List<String> seen = List.copyOf(violations);
            violations.clear();
            return seen;
        }
    }

    /** Whether a console message is the browser refusing something under the page's Content-Security-Policy. */
    static boolean isCspViolation(String text) {
        return text != null && text.contains("Content Security Policy");
    }

    private void watch(BrowserContext context) {
        context.onConsoleMessage(message -> note(message));
    }

    private void note(ConsoleMessage message) {
        if (isCspViolation(message.text())) {
            Page page = message.page();
            violations.add(message.text() + (page == null ? "" : " (on " + page.url() + ")"));
        }
    }

    /** The browser the journeys get: every context and page it opens reports CSP violations to this extension. */
    private Browser watched(Browser real) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(real, arguments);
            }
            catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof BrowserContext context) {
                watch(context);
            }
            else if (result instanceof Page page && method.getName().equals("newPage")) {
                watch(page.context());
            }
            return result;
        };
        return (Browser) Proxy.newProxyInstance(Browser.class.getClassLoader(), new Class<?>[] { Browser.class },
                handler);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** Signs a test user (with the test password) in through the login form, as a person does. */
    /**
     * Waits until the page's htmx requests have been answered and half a second passed without one: what
     * Playwright's NETWORKIDLE did before every signed-in page held its event stream open (js/live.js), which keeps
     * the network from ever being idle.
     */
    static void settled(com.microsoft.playwright.Page page) {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int quiet = 0;
        while (System.nanoTime() < end) {
            Object busy = page.evaluate("() => document.querySelectorAll('.htmx-request').length");
            quiet = ((Number) busy).intValue() == 0 ? quiet + 1 : 0;
            if (quiet >= 5) {
                return;
            }
            page.waitForTimeout(100);
        }
        throw new AssertionError("htmx requests still running after 30 s");
    }

    static void signIn(com.microsoft.playwright.Page page, int port, String email) {
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("E-mail").fill(email);
        page.getByLabel("Password").fill(app.klient.support.TestUsers.PASSWORD);
        page.locator("button[type=submit]").click();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return watched(browser);
    }
}
