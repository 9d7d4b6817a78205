package app.klient.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.RequestContextUtils;
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

    public Problems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    public ProblemDetail of(HttpStatus status, String type, String detailKey, Object... arguments) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(text("problem." + type + ".title", status.getReasonPhrase()));
        problem.setDetail(text(detailKey, null, arguments));
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
        return messages.getMessage(key, arguments, fallback == null ? key : fallback, LocaleContextHolder.getLocale());
    }

    /** For filters that answer before Spring MVC has resolved the locale. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detailKey) throws IOException {
        write(request, response, status, type, detailKey, request.getRequestURI());
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detailKey, String instance) throws IOException {
        var resolver = RequestContextUtils.getLocaleResolver(request);
        if (resolver != null) {
            LocaleContextHolder.setLocale(resolver.resolveLocale(request));
        }
        else {
            LocaleContextHolder.setLocale(
                    KlientLocaleResolver.supported(request.getLocale().getLanguage()).orElse(java.util.Locale.ENGLISH));
        }
        ProblemDetail problem = of(status, type, detailKey);
        problem.setInstance(uri(instance));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), asMap(problem));
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
