package app.klient.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database of its own on the suite's PostgreSQL server, migrated like Klient's, for a test that must see only the
 * rows it writes (a model trained on the whole database, a count over every customer). Closing it drops it.
 * <p>
 * Klient's role may not create databases (it is no superuser and has no CREATEDB), so the database is created and
 * dropped by the embedded server's superuser, whose password the suite's data directory keeps in {@code pgpass}, and
 * given to Klient's role, which migrates it and is the only one to use it.
 */
public final class FreshDatabase implements AutoCloseable {

    private static final Path PASSWORDS = Path.of(KlientTest.SECRET_KEY_FILE).resolveSibling("pgpass");
    private static final String SUPERUSER = "postgres";

    private final HikariDataSource suite;
    private final HikariDataSource own;
    private final String name;

    private FreshDatabase(HikariDataSource suite, String name) {
        this.suite = suite;
        this.name = name;
        administer("create database " + name + " owner " + suite.getUsername()
                + " encoding 'UTF8' template template0");
        own = new HikariDataSource();
        own.setJdbcUrl(url(name));
        own.setUsername(suite.getUsername());
        own.setPassword(suite.getPassword());
        own.setMaximumPoolSize(4);
        try {
            Flyway.configure().dataSource(own).locations("classpath:db/migration").load().migrate();
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Creates and migrates a database named after {@code prefix} and a random suffix, beside the suite's. */
    public static FreshDatabase create(DataSource suite, String prefix) {
        HikariDataSource hikari = unwrap(suite);
        return new FreshDatabase(hikari, prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36));
    }

    private static HikariDataSource unwrap(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        }
        catch (SQLException e) {
            throw new IllegalStateException("The suite's data source is not a Hikari pool", e);
        }
    }

    public DataSource dataSource() {
        return own;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(own);
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
        administer("drop database if exists " + name + " with (force)");
    }

    /** The suite's URL with another database in it. */
    private String url(String database) {
        String url = suite.getJdbcUrl();
        int end = url.contains("?") ? url.indexOf('?') : url.length();
        int slash = url.lastIndexOf('/', end);
        return url.substring(0, slash + 1) + database + url.substring(end);
    }

    /**
     * Runs a statement on the server as its superuser when the suite's data directory names one (the embedded
     * server), else as the suite's own role (an external server, where that role needs CREATEDB).
     */
    private void administer(String sql) {
        String password = superuserPassword();
        try (Connection connection = password == null ? suite.getConnection()
                : DriverManager.getConnection(url("postgres"), SUPERUSER, password);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
    }

    private static String superuserPassword() {
        if (!Files.exists(PASSWORDS)) {
            return null;
        }
        try {
            return Files.readAllLines(PASSWORDS, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("*:*:*:" + SUPERUSER + ":"))
                    .map(line -> line.substring(("*:*:*:" + SUPERUSER + ":").length())).findFirst().orElse(null);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
