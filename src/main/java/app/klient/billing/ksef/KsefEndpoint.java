package app.klient.billing.ksef;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the KSeF client sends its calls: the chosen environment's API ({@link KsefEnvironment}) unless
 * {@code klient.ksef.api-url} names another address (a proxy, a local copy of the test environment), or someone
 * pointed it elsewhere while running ({@link #pointAt}: the tests' stand-in). Read on every call, so a change takes
 * effect at once without a restart.
 */
@Component
public class KsefEndpoint {

    private final String configured;
    private final AtomicReference<String> pointedAt = new AtomicReference<>();

    KsefEndpoint(@Value("${klient.ksef.api-url:}") String configured) {
        this.configured = configured == null || configured.isBlank() ? null : strip(configured);
    }

    public String apiUrl(KsefEnvironment environment) {
        String now = pointedAt.get();
        return now != null ? now : configured != null ? configured : environment.apiUrl();
    }

    /**
     * Whether calls go elsewhere than the environment's own address: KLIENT_KSEF_API_URL (klient.ksef.api-url) is
     * set, or someone pointed the client elsewhere while running.
     */
    public boolean overridden() {
        return pointedAt.get() != null || configured != null;
    }

    /** Sends every call to {@code baseUrl} (ending before the paths, like {@code .../v2}) until {@link #reset()}. */
    public void pointAt(String baseUrl) {
        pointedAt.set(strip(baseUrl));
    }

    public void reset() {
        pointedAt.set(null);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
