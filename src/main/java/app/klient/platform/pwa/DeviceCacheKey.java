package app.klient.platform.pwa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import app.klient.platform.Actor;
import app.klient.platform.SigningKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the service worker whose pages it is given: every page read by a signed-in person carries
 * {@value #HEADER}, a key that stands for that person (signed, so it says nothing about who they are). The worker keeps
 * the customer cards it caches under that key and drops them when a page comes without it (signed out) or with
 * another person's key (someone else signed in on the device).
 */
@Component
class DeviceCacheKey extends OncePerRequestFilter {

    static final String HEADER = "Klient-Cache-Key";

    private final SigningKeys keys;

    DeviceCacheKey(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if ("GET".equals(request.getMethod()) && authentication != null
                && authentication.getPrincipal() instanceof Actor actor && !request.getRequestURI().startsWith("/api/")) {
            byte[] mac = keys.hmac("pwa-cache", ("user:" + actor.id()).getBytes(StandardCharsets.US_ASCII));
            response.setHeader(HEADER, Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 12)));
        }
        chain.doFilter(request, response);
    }
}
