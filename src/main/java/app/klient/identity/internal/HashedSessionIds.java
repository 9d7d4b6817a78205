package app.klient.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Session ids as the database keeps them are the SHA-256 of what the browser's cookie carries, so reading the
 * sessions table (or a backup of it) yields nothing a browser could present. A new id (a new session, or the new id
 * sign-in gives a session against fixation) is made here as a random token and its hash: the hash becomes the
 * session's id, the token waits in the request until the session filter writes the cookie at the end of it.
 */
@Component
class HashedSessionIds implements SessionIdGenerator, HttpSessionIdResolver {

    private static final String TOKEN = HashedSessionIds.class.getName() + ".token:";

    private final SecureRandom random = new SecureRandom();
    private final CookieHttpSessionIdResolver cookies = new CookieHttpSessionIdResolver();

    HashedSessionIds() {
        // the cookie Spring Boot would make from server.servlet.session.cookie.*, which it does not make once a
        // resolver of one's own exists: Secure whenever the request came over TLS (directly or through a trusted
        // proxy, see TrustedProxies), never readable by scripts, not sent along with other sites' posts
        DefaultCookieSerializer serializer = new DefaultCookieSerializer();
        serializer.setCookieName("SESSION");
        serializer.setUseHttpOnlyCookie(true);
        serializer.setSameSite("Lax");
        serializer.setUseBase64Encoding(false);
        cookies.setCookieSerializer(serializer);
    }

    @Override
    public String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = hash(token);
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(TOKEN + id, token, RequestAttributes.SCOPE_REQUEST);
        }
        return id;
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        return cookies.resolveSessionIds(request).stream().filter(HashedSessionIds::plausible)
                .map(HashedSessionIds::hash).toList();
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        Object token = request.getAttribute(TOKEN + sessionId);
        if (token instanceof String value) {
            cookies.setSessionId(request, response, value);
        }
        else {
            // an id made outside this request has no token here to give the browser: it keeps none
            cookies.expireSession(request, response);
        }
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        cookies.expireSession(request, response);
    }

    /** The stored id of a cookie's token. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token is 43 URL-safe characters; anything else is not worth a look-up (nor a hash of 100 kB). */
    private static boolean plausible(String token) {
        return token.length() <= 64 && token.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                || c == '-' || c == '_'));
    }
}
