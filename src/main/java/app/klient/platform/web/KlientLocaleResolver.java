package app.klient.platform.web;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;

import app.klient.platform.Actor;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.web.servlet.LocaleContextResolver;

/**
 * The language is, in this order: the one chosen in this browser (a cookie set by {@code ?lang=}), the signed-in
 * user's preference, the browser's Accept-Language, English. The time zone is the user's, or the company's default.
 */
public class KlientLocaleResolver implements LocaleContextResolver {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("pl"), Locale.forLanguageTag("cs"));
    static final String COOKIE = "klient-lang";
    private static final String CHOSEN = KlientLocaleResolver.class.getName() + ".chosen";

    private final ApplicationEventPublisher events;
    private final ZoneId defaultZone;

    public KlientLocaleResolver(ApplicationEventPublisher events, ZoneId defaultZone) {
        this.events = events;
        this.defaultZone = defaultZone;
    }

    public static Optional<Locale> supported(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String language = tag.trim().toLowerCase(Locale.ROOT);
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }

    @Override
    public LocaleContext resolveLocaleContext(HttpServletRequest request) {
        Optional<Actor> actor = Actor.current();
        Locale locale = resolveLocale(request, actor);
        ZoneId zone = actor.map(Actor::timeZone).orElse(defaultZone);
        return new SimpleTimeZoneAwareLocaleContext(locale, TimeZone.getTimeZone(zone));
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return resolveLocale(request, Actor.current());
    }

    /** The language as for {@code actor}: for filters that know the person before the security filters do. */
    Locale resolveLocale(HttpServletRequest request, Optional<Actor> actor) {
        if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
            return chosen;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    Optional<Locale> fromCookie = supported(cookie.getValue());
                    if (fromCookie.isPresent()) {
                        return fromCookie.get();
                    }
                }
            }
        }
        // A script calling the API says what it wants in Accept-Language; a browser's default does not beat the
        // preference a person chose in Klient.
        boolean api = request.getRequestURI().startsWith("/api/");
        if (actor.isPresent() && !(api && request.getHeader("Accept-Language") != null)) {
            return actor.get().locale();
        }
        for (var requested = request.getLocales(); requested.hasMoreElements(); ) {
            Optional<Locale> match = supported(requested.nextElement().getLanguage());
            if (match.isPresent()) {
                return match.get();
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext context) {
        Locale wanted = context == null ? null : context.getLocale();
        Optional<Locale> locale = wanted == null ? Optional.empty() : supported(wanted.getLanguage());
        if (locale.isEmpty()) {
            return;
        }
        request.setAttribute(CHOSEN, locale.get());
        // the servlet resolved this request's locale before ?lang= was read: services translating for it (stage
        // names, product names) must see the new language too, not only the templates
        LocaleContextHolder.setLocaleContext(new SimpleTimeZoneAwareLocaleContext(locale.get(),
                LocaleContextHolder.getTimeZone()));
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            // an API call's ?lang= chooses the language of this answer only: a script must not change the person's
            // language in every browser they use
            return;
        }
        if (response != null) {
            Cookie cookie = new Cookie(COOKIE, locale.get().getLanguage());
            cookie.setPath("/");
            cookie.setMaxAge(60 * 60 * 24 * 365);
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        }
        // always: the signed-in person's language as read at sign-in is no guide to what is saved since (cs, then
        // back to en would keep cs); saving the same language again changes nothing
        Actor.current().ifPresent(actor -> events.publishEvent(new LanguageChosen(actor.id(), locale.get())));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        setLocaleContext(request, response, locale == null ? null : () -> locale);
    }
}
