package app.klient.platform.web;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/** What the layout needs on every page: the path (for the active menu item) and the language links. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }

    /** This page's address without {@code lang}, ready for {@code &lang=xx} or {@code ?lang=xx}. */
    @ModelAttribute("languageBase")
    String languageBase(HttpServletRequest request) {
        String query = request.getQueryString() == null ? ""
                : Arrays.stream(request.getQueryString().split("&"))
                        .filter(p -> !p.startsWith("lang=") && !p.isEmpty())
                        .collect(Collectors.joining("&"));
        String base = UriComponentsBuilder.fromPath(request.getRequestURI()).build().toUriString();
        return base + (query.isEmpty() ? "?" : "?" + query + "&");
    }
}
