package app.klient.identity.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} for the API and the metrics. A header with a bad token is refused at once
 * (401) rather than passed on as anonymous, so a script learns its token is wrong instead of being told it lacks
 * rights. Not a bean: it belongs to the filter chains that add it, not to every request.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint entryPoint;
    private final org.springframework.security.web.access.AccessDeniedHandler forbidden;

    BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint,
            org.springframework.security.web.access.AccessDeniedHandler forbidden) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
        this.forbidden = forbidden;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.Bearer> bearer = tokens.bearer(header.substring(BEARER.length()).trim());
        if (bearer.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid token"));
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!bearer.get().allows(request.getMethod(), path)) {
            // a token limited to the channel intake (a phone system's) reaches nothing else
            forbidden.handle(request, response,
                    new org.springframework.security.access.AccessDeniedException("token scope"));
            return;
        }
        Optional<SignedInUser> user = bearer.map(ApiTokens.Bearer::user);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user.get(), null, user.get().getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }
}
