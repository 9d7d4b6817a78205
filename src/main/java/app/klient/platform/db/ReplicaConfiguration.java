package app.klient.platform.db;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

/**
 * The read replica: with {@code klient.replica.url} ({@code KLIENT_REPLICA_URL}) set, a second pool on it that the
 * {@link MayLag} methods and {@link Replica#mayLag} work read from, with the primary's user and password unless
 * {@code klient.replica.username}/{@code password} are given. A replica that does not answer is left alone for a
 * while and its reads go to the primary (see {@link ActingDataSource}).
 */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {

    /**
     * Wraps every {@link MayLag} method outside its transaction (before the transaction interceptor, which takes
     * the connection), so that connection is the one that may come from the replica.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor mayLagAdvisor() {
        MethodInterceptor interceptor = invocation -> Replica.mayLag(() -> {
            try {
                return invocation.proceed();
            }
            catch (RuntimeException | Error e) {
                throw e;
            }
            catch (Throwable e) {
                throw new java.lang.reflect.UndeclaredThrowableException(e);
            }
        });
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                AnnotationMatchingPointcut.forMethodAnnotation(MayLag.class), interceptor);
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return advisor;
    }

    /** The replica's pool, not a DataSource bean: everything else (Flyway, JdbcClient) knows only the primary. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("klient.replica.url")
    ReplicaPool replicaPool(DataSource dataSource, @Value("${klient.replica.url}") String url,
            @Value("${klient.replica.username:}") String username,
            @Value("${klient.replica.password:}") String password) {
        if (!(dataSource instanceof ActingDataSource primary)) {
            throw new IllegalStateException("A read replica needs Klient's own pool (spring.datasource.type)");
        }
        HikariDataSource replica = ActingDataSource.replicaOf(primary, url, username, password);
        primary.useReplica(replica);
        return new ReplicaPool(replica);
    }

    record ReplicaPool(HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            pool.close();
        }
    }
}
