package app.klient.marketing.tracking;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import app.klient.marketing.internal.TrackingTokens;
import app.klient.marketing.internal.TrackingTokens.Ref;
import app.klient.marketing.internal.TrackingTokens.Source;
import app.klient.platform.PublicUrl;
import app.klient.platform.web.KlientLocaleResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The public addresses marketing messages and the company's website reach, without signing in: the open pixel, the
 * tracked click, the unsubscribe page (and RFC 8058 one-click), the website script and its page views. Each trusts
 * only what Klient signed; what it cannot trust gets the same plain answer (a pixel, a "this link is not valid"
 * page, an empty 204) whatever was wrong with it, so that nobody learns who a contact is by trying tokens. What goes
 * wrong while recording never breaks the answer: a pixel is a pixel, a click still arrives.
 */
@Controller
class TrackingPages {

    private static final Logger log = LoggerFactory.getLogger(TrackingPages.class);
    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = java.util.Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    static final String MARK = "kt";

    private final TrackingTokens tokens;
    private final Engagement tracking;
    private final SiteVisits visits;
    private final LocaleResolver locales;
    private final PublicUrl publicUrl;

    TrackingPages(TrackingTokens tokens, Engagement tracking, SiteVisits visits, LocaleResolver locales,
            PublicUrl publicUrl) {
        this.tokens = tokens;
        this.tracking = tracking;
        this.visits = visits;
        this.locales = locales;
        this.publicUrl = publicUrl;
    }

    @GetMapping({ "/t/o/{token}.gif", "/t/o/{token}" })
    ResponseEntity<byte[]> pixel(@PathVariable String token) {
        try {
            tokens.read(token.endsWith(".gif") ? token.substring(0, token.length() - 4) : token)
                    .ifPresent(tracking::opened);
        }
        catch (RuntimeException e) {
            log.warn("An open could not be recorded: {}", e.toString());
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache").body(PIXEL);
    }

    @GetMapping("/t/c/{token}")
    Object click(@PathVariable String token, @RequestParam(name = "u", required = false) String url,
            @RequestParam(name = "s", required = false) String signature, HttpServletResponse response, Model model) {
        Optional<Ref> ref = tokens.read(token);
        if (ref.isEmpty() || url == null || !tokens.verify(signature, token, url) || !redirectable(url)) {
            return invalid(response);
        }
        try {
            tracking.clicked(ref.get(), url);
        }
        catch (RuntimeException e) {
            log.warn("A click could not be recorded: {}", e.toString());
        }
        String target = url;
        try {
            // the website learns the visitor's own mark, never the message's token (which unsubscribes); a test
            // send or a preview names nobody, so its clicks carry no mark
            Source source = ref.get().source();
            if ((source == Source.CAMPAIGN || source == Source.JOURNEY) && visits.website(url, visits.websiteHosts())) {
                target = marked(url, tokens.visitorMark(ref.get().contactId()));
            }
        }
        catch (RuntimeException e) {
            log.warn("The website mark could not be added: {}", e.toString());
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(target))
                .cacheControl(CacheControl.noStore()).build();
    }

    /** Only web addresses Klient can pass on as they are: no javascript:, data: or header-breaking characters. */
    static boolean redirectable(String url) {
        if (url.length() > 4000 || !(url.regionMatches(true, 0, "https://", 0, 8)
                || url.regionMatches(true, 0, "http://", 0, 7))) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f || c > 0x7e && Character.isISOControl(c)) {
                return false;
            }
        }
        try {
            return URI.create(url).getHost() != null;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address with the visitor's mark for the website script, before any #fragment. */
    static String marked(String url, String mark) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + MARK + "=" + URLEncoder.encode(mark, StandardCharsets.UTF_8)
                + fragment;
    }

    @GetMapping("/t/u/{token}")
    String unsubscribePage(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<Engagement.Unsubscribe> message;
        try {
            message = tokens.read(token).flatMap(tracking::unsubscribe);
        }
        catch (RuntimeException e) {
            return unavailable(e, response);
        }
        if (message.isEmpty()) {
            return invalid(response);
        }
        speak(message.get(), request);
        model.addAttribute("message", message.get());
        model.addAttribute("token", token);
        model.addAttribute("test", message.get().test());
        return "marketing/tracking/unsubscribe";
    }

    /**
     * Both the page's button and a mail provider's RFC 8058 one-click request ({@code List-Unsubscribe=One-Click} in
     * the body, no cookie, no CSRF token: the signed token is the proof). Repeating it is harmless.
     */
    @PostMapping("/t/u/{token}")
    Object unsubscribe(@PathVariable String token,
            @RequestParam(name = "List-Unsubscribe", required = false) String oneClick,
            @RequestParam(name = "all", required = false) String all, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        boolean byProvider = "One-Click".equals(oneClick);
        Optional<Engagement.Unsubscribe> message;
        try {
            message = tokens.read(token).flatMap(tracking::unsubscribe);
            if (message.isPresent()) {
                tracking.unsubscribed(message.get(), "true".equals(all) || "on".equals(all), byProvider,
                        request.getRemoteAddr());
            }
        }
        catch (RuntimeException e) {
            // nothing was withdrawn: the person (or the mail provider, which retries) is told to try again
            return unavailable(e, response);
        }
        if (message.isEmpty()) {
            return invalid(response);
        }
        if (byProvider) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(message.get().test()
                    ? "OK: a test message, nothing was changed" : "OK");
        }
        speak(message.get(), request);
        model.addAttribute("message", message.get());
        model.addAttribute("test", message.get().test());
        model.addAttribute("all", "true".equals(all) || "on".equals(all) || message.get().purposeId() == null);
        return "marketing/tracking/unsubscribed";
    }

    /** The page speaks the contact's language (the one the message went in), else the browser's. */
    private void speak(Engagement.Unsubscribe message, HttpServletRequest request) {
        if (message.test()) {
            // a test send or a preview is read by the marketer: in the browser's language
            return;
        }
        KlientLocaleResolver.supported(message.language())
                .ifPresent(locale -> locales.setLocale(request, null, locale));
    }

    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "marketing/tracking/invalid";
    }

    /** Klient could not do it now (its database is away): 503, nothing changed, "try again later". */
    private static String unavailable(RuntimeException e, HttpServletResponse response) {
        log.warn("An unsubscribe could not be done now: {}", e.toString());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, "60");
        return "marketing/tracking/unavailable";
    }

    /**
     * The website script: {@code <script src=".../t/site.js" async></script>}. It keeps the mark a tracked click
     * brought (in the website's own storage, first-party) and sends each page view with it; a visitor without a
     * mark, or whose browser asks not to be tracked, sends nothing.
     */
    @GetMapping("/t/site.js")
    ResponseEntity<String> script() {
        String script = """
                /* Klient website visits: <script src="%1$s/t/site.js" async></script> */
                (function () {
                  try {
                    var key = 'klient-visitor', query = new URLSearchParams(window.location.search);
                    var mark = query.get('%2$s');
                    if (query.has('%2$s')) {
                      /* the mark leaves the address bar whatever the visitor chose: never bookmarked or shared */
                      query.delete('%2$s');
                      var rest = query.toString();
                      window.history.replaceState(window.history.state, '',
                          window.location.pathname + (rest ? '?' + rest : '') + window.location.hash);
                    }
                    if (navigator.doNotTrack === '1' || window.doNotTrack === '1'
                        || navigator.globalPrivacyControl === true || window.klientTracking === false) {
                      window.localStorage.removeItem(key);
                      return;
                    }
                    if (mark) {
                      window.localStorage.setItem(key, mark);
                    } else {
                      mark = window.localStorage.getItem(key);
                    }
                    if (!mark) { return; }
                    var view = new URLSearchParams();
                    view.set('m', mark);
                    view.set('u', window.location.href);
                    view.set('t', document.title || '');
                    view.set('r', document.referrer || '');
                    if (navigator.sendBeacon) {
                      navigator.sendBeacon('%1$s/t/v', view);
                    } else {
                      fetch('%1$s/t/v', { method: 'POST', body: view, mode: 'no-cors', keepalive: true });
                    }
                  } catch (e) { /* a page must never break because of tracking */ }
                })();
                """.formatted(jsString(publicUrl.base()), MARK);
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).body(script);
    }

    /**
     * A page view from the website script: always 204, kept only when the mark is a visitor's mark of ours (never a
     * message token), consent was given, and the browser does not ask not to be tracked (Do Not Track, Global
     * Privacy Control).
     */
    @PostMapping("/t/v")
    ResponseEntity<Void> view(@RequestParam(name = "m", required = false) String mark,
            @RequestParam(name = "u", required = false) String url,
            @RequestParam(name = "t", required = false) String title,
            @RequestParam(name = "r", required = false) String referrer, HttpServletRequest request) {
        try {
            if (!"1".equals(request.getHeader("DNT")) && !"1".equals(request.getHeader("Sec-GPC"))) {
                tokens.visitor(mark).ifPresent(contact -> visits.viewed(contact, url, title, referrer));
            }
        }
        catch (RuntimeException e) {
            log.warn("A page view could not be recorded: {}", e.toString());
        }
        return ResponseEntity.noContent().header("Access-Control-Allow-Origin", "*").build();
    }

    private static String jsString(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 || ":/.-_".indexOf(c) >= 0 ? String.valueOf(c)
                    : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    static Locale locale(String language) {
        return KlientLocaleResolver.supported(language).orElse(Locale.ENGLISH);
    }
}
