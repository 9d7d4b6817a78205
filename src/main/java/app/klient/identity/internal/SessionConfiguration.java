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

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> hashedSessionIdsInTheDatabase(HashedSessionIds ids) {
        return repository -> repository.setSessionIdGenerator(ids);
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
