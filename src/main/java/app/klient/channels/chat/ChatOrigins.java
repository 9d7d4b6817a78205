package app.klient.channels.chat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Which websites' pages may call the chat widget's endpoints from a browser: those its administrator allowed
 * ({@link ChatWidgets.Widget#allowedOrigins}). The security chain of the widget's endpoints uses it by its name,
 * {@code chatOrigins}; a page of another website is refused before anything is read.
 */
@Component("chatOrigins")
class ChatOrigins implements CorsConfigurationSource {

    private static final Pattern WIDGET = Pattern.compile("^/chat/w/([^/]+)/");

    private final ChatWidgets widgets;

    ChatOrigins(ChatWidgets widgets) {
        this.widgets = widgets;
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        Matcher key = WIDGET.matcher(request.getRequestURI());
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of("Content-Type", "Last-Event-ID"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        cors.setAllowedOriginPatterns(key.find() ? widgets.byKey(key.group(1))
                .map(ChatWidgets.Widget::allowedOrigins).orElse(List.of()) : List.of());
        return cors;
    }
}
