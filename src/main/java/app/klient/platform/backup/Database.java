package app.klient.platform.backup;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a backup is read from or restored to: a PostgreSQL database with a login, as the JDBC driver and as
 * PostgreSQL's own tools (through the libpq environment variables, so no password is on a command line) reach it.
 */
public record Database(String host, int port, String name, String user, String password, String sslMode) {

    /** A database named by a JDBC URL ({@code jdbc:postgresql://host:port/name?sslmode=...}). */
    public static Database of(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String sslMode = null;
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                if (pair.startsWith("sslmode=")) {
                    sslMode = pair.substring("sslmode=".length());
                }
            }
        }
        String name = uri.getPath() == null || uri.getPath().length() < 2 ? user : uri.getPath().substring(1);
        return new Database(uri.getHost() == null ? "localhost" : uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(), name, user, password, sslMode);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name + (sslMode == null ? "" : "?sslmode=" + sslMode);
    }

    Connection connect() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        if (password != null) {
            login.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(), login);
    }

    /** The libpq variables for pg_dump and pg_restore. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PGHOST", host);
        environment.put("PGPORT", String.valueOf(port));
        environment.put("PGDATABASE", name);
        environment.put("PGUSER", user);
        if (password != null) {
            environment.put("PGPASSWORD", password);
        }
        if (sslMode != null) {
            environment.put("PGSSLMODE", sslMode);
        }
        environment.put("PGTZ", "UTC");
        return environment;
    }

    @Override
    public String toString() {
        return "Database[" + user + "@" + host + ":" + port + "/" + name + "]";
    }
}
