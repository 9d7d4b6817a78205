package app.klient.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * The CSRF token lives in the session when there is one (every signed-in page), and otherwise in an HttpOnly,
 * SameSite=Strict cookie. Only the login form is shown to people without a session; keeping its token in a session
 * left a database row behind for every anonymous view of it. The cookie protects the login form as well as an
 * anonymous session did, since that session was itself only a cookie; signing in makes a new token in the new session
 * and clears the cookie, so a signed-in page never accepts a token from a cookie.
 */
class CsrfTokens implements CsrfTokenRepository {

    static final String COOKIE = "KLIENT-CSRF";

    private final HttpSessionCsrfTokenRepository inSession = new HttpSessionCsrfTokenRepository();
    private final CookieCsrfTokenRepository inCookie = new CookieCsrfTokenRepository();

    CsrfTokens() {
        inCookie.setCookieName(COOKIE);
        // the same header as the session's token, so a page's script need not know where its token is kept
        inCookie.setHeaderName("X-CSRF-TOKEN");
        inCookie.setCookieCustomizer(cookie -> cookie.httpOnly(true).sameSite("Strict"));
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return inSession.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            inSession.saveToken(null, request, response);
            if (hasCookie(request)) {
                inCookie.saveToken(null, request, response);
            }
        }
        else if (request.getSession(false) != null) {
            inSession.saveToken(token, request, response);
        }
        else {
            inCookie.saveToken(token, request, response);
        }
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return request.getSession(false) != null ? inSession.loadToken(request) : inCookie.loadToken(request);
    }

    private static boolean hasCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return false;
        }
        for (var cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName())) {
                return true;
            }
        }
        return false;
    }
}
