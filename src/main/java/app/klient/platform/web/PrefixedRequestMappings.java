package app.klient.platform.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's request mappings, found faster. A path with a variable ({@code /api/v1/contacts/42}) is otherwise
 * tried against every one of Klient's ~400 mappings, each through all its conditions: a fifth of a get-by-id's CPU
 * under load. Here a mapping whose patterns cannot match, because the path does not start with any pattern's
 * literal beginning ({@code /api/v1/contacts/} of {@code /api/v1/contacts/{id}}), is passed over at once; every
 * other one is matched by Spring exactly as before.
 */
class PrefixedRequestMappings extends RequestMappingHandlerMapping {

    private static final String[] ANY = { "" };

    private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value() : null;
        // an encoded character may decode to a pattern's literal text: such paths are left to Spring's matching
        if (path != null && path.indexOf('%') < 0) {
            boolean possible = false;
            for (String prefix : prefixes.computeIfAbsent(info, PrefixedRequestMappings::literalBeginnings)) {
                if (path.startsWith(prefix)) {
                    possible = true;
                    break;
                }
            }
            if (!possible) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    /** Each pattern up to its first variable or wildcard; "" (anything) when the mapping has no path patterns. */
    static String[] literalBeginnings(RequestMappingInfo info) {
        PathPatternsRequestCondition condition = info.getPathPatternsCondition();
        if (condition == null || condition.getPatterns().isEmpty()) {
            return ANY;
        }
        return condition.getPatterns().stream().map(PathPattern::getPatternString)
                .map(PrefixedRequestMappings::literalBeginning).toArray(String[]::new);
    }

    static String literalBeginning(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' || c == '*' || c == '?') {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }
}
