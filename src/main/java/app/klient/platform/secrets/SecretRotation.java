package app.klient.platform.secrets;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import org.springframework.stereotype.Component;

/** Seals every stored secret again under a new key, all in one transaction: all move to the new key, or none does. */
@Component
public class SecretRotation {

    private final DataSource dataSource;
    private final List<StoredSecret> columns;

    SecretRotation(DataSource dataSource, List<StoredSecret> columns) {
        this.dataSource = dataSource;
        this.columns = columns;
    }

    /** Answers how many values were sealed again. */
    public int rotate(Secrets from, Secrets to) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int count = SealedColumns.reseal(connection, columns, from::open, to::seal);
                connection.commit();
                return count;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("The stored secrets could not be sealed again: " + e.getMessage(), e);
        }
    }
}
