package app.klient.identity.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.platform.Actor;
import app.klient.platform.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.savedrequest.CookieRequestCache;

/**
 * Three doors. The API ({@code /api/v1/**}) takes only a bearer token and answers in problem+json. The metrics take a
 * token or an administrator's session. The pages take a session from the login form, with CSRF on every form.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /**
     * Nothing Klient does needs a camera, microphone, location, payment or sensors, so no page (nor anything a page
     * might be made to load) gets them; passkeys (WebAuthn) stay possible on Klient's own pages.
     */
    static final String PERMISSIONS = "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
            + "encrypted-media=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
            + "payment=(), picture-in-picture=(), publickey-credentials-create=(self), "
            + "publickey-credentials-get=(self), screen-wake-lock=(), usb=(), xr-spatial-tracking=()";
    /**
     * The one page under another policy: a campaign's message as its recipients will see it, shown in a frame of the
     * campaign page. E-mail is styled inline, so its own styles apply there, and nothing else does: no script, no
     * requests but images, a sandbox (a unique origin), framed only by Klient's pages.
     */
    static final RequestMatcher EMAIL_PREVIEW = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, "/marketing/campaigns/*/preview");
    static final String EMAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; "
            + "font-src data: https:; sandbox; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    static final String ARGON2 = "argon2";

    /**
     * New hashes are Argon2id at OWASP's minimum (19 MiB, two passes, one lane): memory-hard, and unlike bcrypt it
     * reads the whole password, so a long one (40 × "Ä" is 80 bytes) is neither cut at 72 bytes nor refused. Hashes
     * made before ({@code {bcrypt}}) are still checked and replaced at their owner's next sign-in ({@link SignIn}).
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(ARGON2, Map.of(
                ARGON2, new Argon2PasswordEncoder(16, 32, 1, 19_456, 2),
                "bcrypt", earlierBcrypt()));
    }

    /**
     * bcrypt reads 72 bytes at most and Spring Security refuses longer input with an exception (a 500 at sign-in): a
     * longer password cannot be the one such a hash was made from, so it simply does not match.
     */
    private static PasswordEncoder earlierBcrypt() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        return new PasswordEncoder() {

            @Override
            public String encode(CharSequence raw) {
                return bcrypt.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return raw != null && raw.toString().getBytes(StandardCharsets.UTF_8).length <= 72
                        && bcrypt.matches(raw, encoded);
            }
        };
    }

    /**
     * No Micrometer observation around each security filter: Klient exports metrics, not traces, and wrapping the
     * fifteen filters of every request took a quarter of a get-by-id's CPU under load (docs/benchmarks.md).
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, Problems problems) throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized(problems);
        AccessDeniedHandler forbidden = forbidden(problems);
        http.securityMatcher("/api/v1/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, unauthorized, forbidden),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; base-uri 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        // a calendar program fetches the feed with nothing but its secret address
                        .requestMatchers(HttpMethod.GET, "/api/v1/calendar/feed/*").permitAll()
                        .requestMatchers("/api/v1/users/**", "/api/v1/audit/**", "/api/v1/record-access/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/api/v1/two-factor/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/teams/**").authenticated()
                        .requestMatchers("/api/v1/teams/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/exchange-rates/**").authenticated()
                        .requestMatchers("/api/v1/exchange-rates/**").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers(HttpMethod.GET, "/api/v1/products/**", "/api/v1/price-lists/**")
                        .authenticated()
                        .requestMatchers("/api/v1/products/**", "/api/v1/price-lists/**").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers(HttpMethod.GET, "/api/v1/document-templates/**").authenticated()
                        .requestMatchers("/api/v1/document-templates/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/seller").authenticated()
                        .requestMatchers("/api/v1/seller").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/pipelines/**").authenticated()
                        .requestMatchers("/api/v1/scoring-rules/**", "/api/v1/web-forms/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/chat-widgets/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/pipelines/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/custom-fields/**").authenticated()
                        .requestMatchers("/api/v1/custom-fields/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/me/**").authenticated()
                        // one's own dashboard is one's own, also for a read-only user
                        .requestMatchers(HttpMethod.PUT, "/api/v1/analytics/dashboard").authenticated()
                        // computing a figure again changes no record: whoever reads it may refresh it
                        .requestMatchers(HttpMethod.POST, "/api/v1/analytics/kpis/*/refresh").authenticated()
                        // KsefApi refuses everyone but administrators itself, in the same words for reading and
                        // changing the settings (a read-only user otherwise met two different refusals)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/ksef/settings").authenticated()
                        // rules and webhooks refuse the roles without the right before a body is read, so a
                        // refused user learns nothing from how a bad body would have been answered
                        // the channel intake (phone systems, messaging gateways) and its settings: administrators
                        .requestMatchers(HttpMethod.POST, "/api/v1/calls", "/api/v1/calls/batch",
                                "/api/v1/calls/ringing", "/api/v1/messages").hasAnyRole(roles(Permission.CHANNELS))
                        .requestMatchers("/api/v1/channels/**").hasAnyRole(roles(Permission.CHANNELS))
                        .requestMatchers("/api/v1/automation/webhooks/**").hasAnyRole(roles(Permission.WEBHOOKS))
                        .requestMatchers("/api/v1/automation/**").hasAnyRole(roles(Permission.AUTOMATION))
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").authenticated()
                        .anyRequest().hasAnyRole(Role.WRITERS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuator(HttpSecurity http, ApiTokens tokens, Problems problems) throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized(problems);
        http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, unauthorized, forbidden(problems)),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden(problems)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /**
     * Public web forms (web-to-lead): anybody may post, from any site that embeds them, so there is no session and
     * no CSRF token; a honeypot and a rate limit per address keep spam out instead.
     */
    @Bean
    @Order(0)
    SecurityFilterChain publicForms(HttpSecurity http) throws Exception {
        http.securityMatcher("/forms/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .headers(h -> h.frameOptions(f -> f.disable())
                        .referrerPolicy(r -> r.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
                                + "form-action 'self'; frame-ancestors *; base-uri 'none'; object-src 'none'")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /**
     * What marketing messages and the company's website reach without signing in: the open pixel, tracked clicks,
     * unsubscribing (RFC 8058 one-click posts come from mail providers, without a session or a CSRF token), consent
     * confirmation and the website tracking script. Each link carries its own signature instead (TrackingTokens).
     */
    @Bean
    @Order(0)
    SecurityFilterChain tracking(HttpSecurity http) throws Exception {
        signInFree(http.securityMatcher("/t/**"))
                .headers(h -> h.frameOptions(f -> f.disable())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /**
     * What a chain reached without signing in shares: no session (nor its cookie), no CSRF token, no sign-in form,
     * basic authentication or logout; who calls is proven by what the request itself carries, if anything.
     */
    private static HttpSecurity signInFree(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
    }

    /**
     * The live chat widget on the company's websites: no session and no CSRF token (the chat is the visitor's by the
     * secret its widget holds), and a browser may call only from the websites the widget allows — the channels
     * module's {@code chatOrigins} decides, by the widget named in the path. Its files and script may be loaded by
     * those websites' pages.
     */
    @Bean
    @Order(0)
    SecurityFilterChain chatWidget(HttpSecurity http,
            @org.springframework.beans.factory.annotation.Qualifier("chatOrigins")
            org.springframework.web.cors.CorsConfigurationSource origins) throws Exception {
        signInFree(http.securityMatcher("/chat/widget.js", "/chat/w/**"))
                .cors(cors -> cors.configurationSource(origins))
                .headers(h -> h.frameOptions(f -> f.disable())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Resource-Policy", "cross-origin"))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'none'; base-uri 'none'; frame-ancestors 'none'")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, SignIn signIn, SecondStep secondStep, AuditLog audit)
            throws Exception {
        // its own manager without a parent: a refused password must not be tried (and counted) twice
        http.authenticationManager(new ProviderManager(signIn))
                // an anonymous view of a page leaves no session row behind: see CsrfTokens and pagesAskedFor
                .csrf(csrf -> csrf.csrfTokenRepository(new CsrfTokens()))
                .requestCache(cache -> cache.requestCache(pagesAskedFor()))
                .formLogin(form -> form.loginPage("/login").permitAll().failureHandler(loginFailure(secondStep))
                        .defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
                                audit.record(AuditAction.LOGOUT, "user", actor.id(), null, java.util.List.of(),
                                        actor.id(), actor.email());
                            }
                        }))
                .headers(h -> h
                        .frameOptions(f -> f.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(EMAIL_PREVIEW), new ContentSecurityPolicyHeaderWriter(CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(EMAIL_PREVIEW), new XFrameOptionsHeaderWriter(
                                        XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(EMAIL_PREVIEW,
                                new ContentSecurityPolicyHeaderWriter(EMAIL_PREVIEW_CSP)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(EMAIL_PREVIEW,
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.SAMEORIGIN)))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS)))
                .authorizeHttpRequests(a -> a
                        // the second step checks on its own who gave the right password (SecondStep)
                        .requestMatchers("/login/code", "/login/setup").permitAll()
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**",
                                "/favicon.ico", "/favicon.svg").permitAll()
                        // the installable app: its manifest, service worker and offline page (platform/pwa)
                        .requestMatchers(HttpMethod.GET, "/manifest.webmanifest", "/sw.js", "/offline").permitAll()
                        .requestMatchers("/api/docs", "/api/docs/**", "/api/openapi", "/api/openapi/**",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/admin/handover", "/admin/handover/**").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        // the catalog and the rates are kept by administrators and managers, read by everybody
                        .requestMatchers("/products/new", "/products/*/edit").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers(HttpMethod.POST, "/products/**", "/price-lists/**", "/exchange-rates/**")
                        .hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers("/team-activity", "/team-activity/**").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers("/account/**").authenticated()
                        .requestMatchers(HttpMethod.POST, "/analytics/dashboard", "/analytics/kpis/*/refresh")
                        .authenticated()
                        .requestMatchers("/automation/webhooks", "/automation/webhooks/**")
                        .hasAnyRole(roles(Permission.WEBHOOKS))
                        .requestMatchers("/automation/**").hasAnyRole(roles(Permission.AUTOMATION))
                        .requestMatchers(HttpMethod.GET, "/**").authenticated()
                        .anyRequest().hasAnyRole(Role.WRITERS));
        return http.build();
    }

    /**
     * The page someone asked for before signing in, to open after it: kept in a cookie, not in a session made for
     * every anonymous request (robots included). Only page views, not htmx fragments or posts; Spring Security keeps
     * only the path and query, so the cookie cannot send anyone to another site.
     */
    static CookieRequestCache pagesAskedFor() {
        CookieRequestCache cache = new CookieRequestCache();
        cache.setRequestMatcher(request -> HttpMethod.GET.matches(request.getMethod())
                && request.getHeader("HX-Request") == null && request.getHeader("X-Requested-With") == null
                && !request.getRequestURI().startsWith(request.getContextPath() + "/favicon"));
        cache.setCookieCustomizer(cookie -> cookie.setAttribute("SameSite", "Lax"));
        return cache;
    }

    private static AuthenticationEntryPoint unauthorized(Problems problems) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "error.unauthorized");
        };
    }

    private static AccessDeniedHandler forbidden(Problems problems) {
        return (request, response, e) ->
                problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "error.forbidden");
    }

    private static AuthenticationFailureHandler loginFailure(SecondStep secondStep) {
        return (request, response, e) -> {
            if (e instanceof SecondFactorNeeded needed) {
                secondStep.begin(needed, request);
                response.sendRedirect(request.getContextPath() + (needed.setup() ? "/login/setup" : "/login/code"));
                return;
            }
            String reason = "bad";
            if (e instanceof LockedException locked) {
                reason = LoginThrottle.ADDRESS_LOCKED.equals(locked.getMessage()) ? "address" : "locked";
            }
            else if (e instanceof DisabledException) {
                reason = "disabled";
            }
            response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
        };
    }

    private static String[] roles(Permission permission) {
        return permission.roles().stream().map(Role::name).sorted().toArray(String[]::new);
    }
}
