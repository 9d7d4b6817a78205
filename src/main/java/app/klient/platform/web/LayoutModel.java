package app.klient.platform.web;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the layout needs on every page ({@code @layout} in templates): the path, for the active menu item, and the
 * language links. Asked for while the layout renders, so API requests, which render none, do not pay for it.
 */
@Component("layout")
public class LayoutModel {

    public String currentPath() {
        HttpServletRequest request = request();
        return request == null ? "" : request.getRequestURI();
    }

    /** This page's address without {@code lang}, ready for {@code &lang=xx} or {@code ?lang=xx}. */
    public String languageBase() {
        HttpServletRequest request = request();
        if (request == null) {
            return "/?";
        }
        String query = request.getQueryString() == null ? ""
                : Arrays.stream(request.getQueryString().split("&"))
                        .filter(p -> !p.startsWith("lang=") && !p.isEmpty())
                        .collect(Collectors.joining("&"));
        String base = UriComponentsBuilder.fromPath(request.getRequestURI()).build().toUriString();
        return base + (query.isEmpty() ? "?" : "?" + query + "&");
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
