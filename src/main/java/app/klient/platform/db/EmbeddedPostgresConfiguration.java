package app.klient.platform.db;

import java.io.IOException;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no {@code spring.datasource.url}, Klient runs its own PostgreSQL from the binaries on the class path and keeps
 * its files under {@code klient.data-dir}. The data source depends on the server, so the pool closes before the server
 * stops.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoExternalDatabase.class)
public class EmbeddedPostgresConfiguration {

    static final String DATABASE = "klient";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseServer embeddedDatabaseServer(@Value("${klient.data-dir}") Path dataDir,
            @Value("${klient.embedded-postgres.clean:false}") boolean clean,
            @Value("${klient.embedded-postgres.durable:true}") boolean durable,
            @Value("${klient.embedded-postgres.binaries:${klient.data-dir}/binaries}") Path binaries)
            throws IOException {
        if (!durable) {
            log.warn("The embedded PostgreSQL runs without fsync and synchronous commit: a crash may lose the last"
                    + " commits (klient.embedded-postgres.durable=false is meant for tests only)");
        }
        return EmbeddedDatabaseServer.start(dataDir, clean, durable, binaries);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabaseServer server) {
        HikariDataSource dataSource = new ActingDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(EmbeddedDatabaseServer.ROLE);
        dataSource.setPassword(server.rolePassword());
        dataSource.setPoolName("klient-embedded");
        dataSource.setMaximumPoolSize(10);
        log.info("Using the embedded PostgreSQL in {} on port {}", server.directory(), server.postgres().getPort());
        return dataSource;
    }

    static class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
