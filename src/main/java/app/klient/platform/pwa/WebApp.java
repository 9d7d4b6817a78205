package app.klient.platform.pwa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Klient as an installable web app: the manifest (its name, the accent colour of klient.css as the theme, the icons
 * made from favicon.svg by {@code docs/pwa-icons.sh}) and the page the service worker ({@code /sw.js}) shows when a
 * page is asked for without signal. Both are public, like the CSS: they say nothing about anybody.
 */
@Controller
class WebApp {

    /** {@code --accent} in klient.css. */
    static final String THEME = "#2f5bea";

    private final MessageSource messages;

    WebApp(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping(value = "/manifest.webmanifest", produces = "application/manifest+json")
    ResponseEntity<Map<String, Object>> manifest() {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("id", "/");
        manifest.put("name", "Klient");
        manifest.put("short_name", "Klient");
        manifest.put("description", messages.getMessage("pwa.description", null, locale));
        manifest.put("lang", locale.getLanguage());
        manifest.put("start_url", "/");
        manifest.put("scope", "/");
        manifest.put("display", "standalone");
        manifest.put("background_color", "#ffffff");
        manifest.put("theme_color", THEME);
        manifest.put("icons", List.of(
                icon("/favicon.svg", "any", "image/svg+xml", "any"),
                icon("/img/icon-192.png", "192x192", "image/png", "any"),
                icon("/img/icon-512.png", "512x512", "image/png", "any"),
                icon("/img/icon-maskable-512.png", "512x512", "image/png", "maskable")));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/manifest+json"))
                .cacheControl(CacheControl.noCache()).body(manifest);
    }

    private static Map<String, String> icon(String src, String sizes, String type, String purpose) {
        return Map.of("src", src, "sizes", sizes, "type", type, "purpose", purpose);
    }

    /** Without the layout: no session, no menu, no CSRF token in a page that is kept on the device. */
    @GetMapping("/offline")
    String offline() {
        return "offline";
    }
}
