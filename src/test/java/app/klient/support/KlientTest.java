package app.klient.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port over one embedded PostgreSQL per test JVM. Every test class uses exactly
 * these settings, so Spring starts the context once and shares it; tests make their own users and data rather than
 * relying on a clean database.
 */
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "klient.data-dir=target/test-data/shared",
        "klient.embedded-postgres.clean=true",
        // test-only: a throwaway database need not survive a crash, and fsync would slow every test down
        "klient.embedded-postgres.durable=false",
        "klient.embedded-postgres.binaries=" + KlientTest.POSTGRES_BINARIES,
        "klient.admin.email=" + TestUsers.ADMIN_EMAIL,
        "klient.admin.password=" + TestUsers.ADMIN_PASSWORD,
        "klient.demo-data=false",
        "klient.jobs.enabled=false",
        // every KPI figure live: tests change records and read the figures again at once (AnalyticsSnapshotTests
        // turns keeping on for its own figures)
        "klient.analytics.fresh-for=PT0S",
        // the suite's webhook receivers listen on this machine, which webhooks may not reach unless allowed
        "klient.webhooks.allowed-networks=127.0.0.1/32",
        // the suite creates look-alike records everywhere; DuplicateWarningTests turns the warning on for itself
        "klient.duplicates.check-on-create=false",
        "spring.thymeleaf.cache=true"
})
public @interface KlientTest {

    /** One folder for the unpacked PostgreSQL binaries of every test, so they are unpacked once per build. */
    String POSTGRES_BINARIES = "target/test-data/postgres-binaries";

    /**
     * The secret key the shared embedded database's data directory was given on its first start: a second node on
     * that database (as an external one) needs it too.
     */
    String SECRET_KEY_FILE = "target/test-data/shared/secret.key";
}
