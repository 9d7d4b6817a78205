package app.klient.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The address people outside reach Klient at ({@code KLIENT_BASE_URL}, e.g. {@code https://crm.firma.pl}): links in
 * e-mails (a survey) and the code a website embeds (a web form) must be absolute. Until it is set, Klient uses its own
 * local address and says so once at start-up, because such links work only on this machine.
 */
@Component
public class PublicUrl {

    private static final Logger log = LoggerFactory.getLogger(PublicUrl.class);

    private final String configured;
    private volatile int port = 8080;

    PublicUrl(@Value("${klient.base-url:}") String configured) {
        String url = configured == null ? "" : configured.strip();
        this.configured = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The base without a trailing slash. */
    public String base() {
        return configured.isEmpty() ? "http://localhost:" + port : configured;
    }

    /** An absolute link to a path of Klient ({@code /forms/survey/abc}). */
    public String of(String path) {
        return base() + (path.startsWith("/") ? path : "/" + path);
    }

    public boolean isConfigured() {
        return !configured.isEmpty();
    }

    @EventListener
    void started(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenUnset() {
        if (!isConfigured()) {
            log.warn("KLIENT_BASE_URL is not set: links in e-mails and the code websites embed point to {}, which "
                    + "only this machine reaches. Set it to the address people use, e.g. https://crm.example.com",
                    base());
        }
    }
}
