package app.klient.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.platform.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details with a title and detail in the reader's language. The one place that builds them, for
 * controllers, the security filters (which run before Spring MVC) and the error page.
 */
@Component
public class Problems {

    public static final String TYPE_BASE = "https://klient.app/problems/";

    private final MessageSource messages;
    private final JsonMapper json;
    private final ObjectProvider<LocaleResolver> locales;
    private final ObjectProvider<RequestActors> actors;

    public Problems(MessageSource messages, JsonMapper json, ObjectProvider<LocaleResolver> locales,
            ObjectProvider<RequestActors> actors) {
        this.messages = messages;
        this.json = json;
        this.locales = locales;
        this.actors = actors;
    }

    public ProblemDetail of(HttpStatus status, String type, String detailKey, Object... arguments) {
        return of(LocaleContextHolder.getLocale(), status, type, detailKey, arguments);
    }

    ProblemDetail of(Locale locale, HttpStatus status, String type, String detailKey, Object... arguments) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(text(locale, "problem." + type + ".title", status.getReasonPhrase()));
        problem.setDetail(text(locale, detailKey, null, arguments));
        return problem;
    }

    public ProblemDetail invalid(String detailKey, List<FieldProblem> fields) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation", detailKey);
        if (!fields.isEmpty()) {
            problem.setProperty("errors", fields);
        }
        return problem;
    }

    public String text(String key, String fallback, Object... arguments) {
        return text(LocaleContextHolder.getLocale(), key, fallback, arguments);
    }

    String text(Locale locale, String key, String fallback, Object... arguments) {
        return messages.getMessage(key, arguments, fallback == null ? key : fallback, locale);
    }

    /**
     * The caller's language where Spring MVC has not resolved it yet (security filters, Klient's own filters, the
     * servlet container's refusals): the same rules as for pages, so a token user's preference counts here too. A
     * filter that runs before the security filters learns who the caller is from {@link RequestActors}.
     */
    Locale locale(HttpServletRequest request) {
        LocaleResolver resolver = locales.getIfAvailable();
        try {
            if (resolver instanceof KlientLocaleResolver klient && Actor.current().isEmpty()) {
                RequestActors early = actors.getIfAvailable();
                return klient.resolveLocale(request, early == null ? Optional.empty() : early.of(request));
            }
            if (resolver != null) {
                return resolver.resolveLocale(request);
            }
        }
        catch (RuntimeException unreadable) {
            // a request the container refused may not even have readable headers: fall through
        }
        return KlientLocaleResolver.supported(request.getLocale().getLanguage()).orElse(Locale.ENGLISH);
    }

    /** For filters that answer before Spring MVC has resolved the locale. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detailKey) throws IOException {
        write(request, response, status, type, detailKey, request.getRequestURI());
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detailKey, String instance) throws IOException {
        ProblemDetail problem = of(locale(request), status, type, detailKey);
        problem.setInstance(uri(instance));
        write(response, problem);
    }

    void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (!response.isCommitted()) {
            response.resetBuffer();
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        body(response, json.writeValueAsBytes(asMap(problem)));
    }

    /** Through whichever of stream or writer the failed request had already taken. */
    private static void body(HttpServletResponse response, byte[] bytes) throws IOException {
        try {
            response.getOutputStream().write(bytes);
        }
        catch (IllegalStateException writerTaken) {
            response.getWriter().write(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * A refusal made before Spring MVC (a request whose parameters cannot be read, one the servlet container refused):
     * problem+json for the API, else a small page of its own, since the layout needs what such a request lacks.
     */
    void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detailKey,
            List<FieldProblem> fields, Object... arguments) throws IOException {
        Locale locale = locale(request);
        String path = request.getRequestURI() == null ? "" : request.getRequestURI();
        if (isApi(path, request.getHeader("Accept"))) {
            String type = switch (status) {
                case BAD_REQUEST -> "validation";
                case NOT_FOUND -> "not-found";
                case PAYLOAD_TOO_LARGE -> "too-large";
                default -> status.is5xxServerError() ? "internal" : "invalid";
            };
            ProblemDetail problem = of(locale, status, type, detailKey, arguments);
            if (!fields.isEmpty()) {
                problem.setProperty("errors", fields);
            }
            problem.setInstance(uri(path));
            write(response, problem);
            return;
        }
        String title = HtmlUtils.htmlEscape(text(locale, "problem.invalid.title", "Invalid request"), "UTF-8");
        StringBuilder detail = new StringBuilder(HtmlUtils.htmlEscape(text(locale, detailKey, null, arguments), "UTF-8"));
        for (FieldProblem field : fields) {
            detail.append("<br>").append(HtmlUtils.htmlEscape(field.field() + ": " + field.message(), "UTF-8"));
        }
        String page = "<!DOCTYPE html>\n<html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + " · Klient</title><link rel=\"stylesheet\" href=\"/css/klient.css\"></head><body>"
                + "<section class=\"error-page\"><div class=\"code\">" + status.value() + "</div><h1>" + title
                + "</h1><p class=\"muted\">" + detail + "</p><a class=\"btn\" href=\"/\">"
                + HtmlUtils.htmlEscape(text(locale, "error.home", "Klient"), "UTF-8") + "</a></section></body></html>\n";
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Language", locale.getLanguage());
        body(response, page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static boolean isApi(String path, String accept) {
        return path.startsWith("/api/") || path.startsWith("/actuator/")
                || (accept != null && accept.contains("json") && !accept.contains("html"));
    }

    /** The path as an instance URI, or none if a hostile path is not even a URI. */
    static URI uri(String path) {
        try {
            return path == null ? null : URI.create(path);
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    public record FieldProblem(String field, String message) {
    }
}
