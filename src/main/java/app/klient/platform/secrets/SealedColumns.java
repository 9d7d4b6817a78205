package app.klient.platform.secrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every stored secret column the modules declare ({@link StoredSecret}), and what is done to all of them at once:
 * right after the migrations at every start (before anything reads them), plaintext left from before sealing is
 * sealed and a value sealed under another key stops the start with a clear message; a key rotation seals them all
 * again in one transaction.
 */
@Configuration(proxyBeanMethods = false)
public class SealedColumns {

    private static final Logger log = LoggerFactory.getLogger(SealedColumns.class);

    /** Migrations first, then the stored secrets sealed; on plain JDBC, since nothing else may touch the data yet. */
    @Bean
    FlywayMigrationStrategy migrateThenSeal(Secrets secrets, List<StoredSecret> columns) {
        return flyway -> {
            flyway.migrate();
            int sealed = sealPlaintext(flyway.getConfiguration().getDataSource(), secrets, columns);
            if (sealed > 0) {
                log.info("Sealed {} stored secrets that were kept as plaintext", sealed);
            }
        };
    }

    /**
     * Seals every plaintext value (idempotent: a value sealed meanwhile by another node is left alone) and checks that
     * every sealed value is under this key.
     */
    public static int sealPlaintext(DataSource dataSource, Secrets secrets, List<StoredSecret> columns) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int sealed = 0;
            try {
                for (StoredSecret column : columns) {
                    for (Map.Entry<Object, String> value : values(connection, column, false).entrySet()) {
                        if (Secrets.isSealed(value.getValue())) {
                            String by = Secrets.keyIdOf(value.getValue());
                            if (!by.equals(secrets.keyId())) {
                                throw new Secrets.SecretRefused(column.table() + "." + column.column() + " holds a"
                                        + " secret sealed under the key " + by + ", but Klient's key is "
                                        + secrets.keyId() + ": start Klient with the key these secrets were stored"
                                        + " with (KLIENT_SECRET_KEY, klient.secret-key-file or secret.key in the data"
                                        + " directory)");
                            }
                        }
                        else {
                            sealed += update(connection, column, value.getKey(), value.getValue(),
                                    secrets.seal(value.getValue()));
                        }
                    }
                }
                connection.commit();
                return sealed;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("The stored secrets could not be sealed: " + e.getMessage(), e);
        }
    }

    /**
     * Opens every stored secret under {@code from} and seals it under {@code to}, in the caller's transaction
     * (autocommit off), the rows locked. Returns how many values were sealed again.
     */
    public static int reseal(Connection connection, List<StoredSecret> columns, UnaryOperator<String> from,
            UnaryOperator<String> to) throws SQLException {
        int count = 0;
        for (StoredSecret column : columns) {
            for (Map.Entry<Object, String> value : values(connection, column, true).entrySet()) {
                count += update(connection, column, value.getKey(), value.getValue(),
                        to.apply(from.apply(value.getValue())));
            }
        }
        return count;
    }

    private static Map<Object, String> values(Connection connection, StoredSecret column, boolean lock)
            throws SQLException {
        Map<Object, String> values = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select " + column.id() + ", " + column.column()
                + " from " + column.table() + " where " + column.column() + " is not null" + (lock ? " for update" : ""));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.put(rows.getObject(1), rows.getString(2));
            }
        }
        return values;
    }

    private static int update(Connection connection, StoredSecret column, Object id, String before, String after)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + column.table() + " set "
                + column.column() + " = ? where " + column.id() + " = ? and " + column.column() + " = ?")) {
            update.setString(1, after);
            update.setObject(2, id);
            update.setString(3, before);
            return update.executeUpdate();
        }
    }

    /** The columns of this module: the keys that sign links. */
    @Bean
    StoredSecret signingKeysSecret() {
        return new StoredSecret("signing_keys", "name", "signing_key");
    }
}
