package app.klient.identity.internal;

import java.time.Duration;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Sessions in the database under hashed ids ({@link HashedSessionIds}), ended after
 * {@code klient.sessions.idle-timeout} without use (Spring Session's own expiry, set from it in
 * application.properties) or {@code klient.sessions.absolute-timeout} after they began ({@link SessionLimits}).
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /**
     * Two requests of one session at once (two tabs, a page and its htmx calls) may both add the same attribute:
     * the second insert overwrites the first, as the second save would have, instead of failing with a duplicate key.
     */
    static final String CREATE_ATTRIBUTE = """
            INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            VALUES (?, ?, ?)
            ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES
            """;

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> hashedSessionIdsInTheDatabase(HashedSessionIds ids) {
        return repository -> {
            repository.setSessionIdGenerator(ids);
            repository.setCreateSessionAttributeQuery(CREATE_ATTRIBUTE);
        };
    }

    /** Right after the session is found and before anything reads it, on the request itself only. */
    @Bean
    FilterRegistrationBean<SessionLimits> sessionLimits(
            @Value("${klient.sessions.absolute-timeout:7d}") Duration absoluteTimeout) {
        FilterRegistrationBean<SessionLimits> registration =
                new FilterRegistrationBean<>(new SessionLimits(absoluteTimeout));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 2);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
