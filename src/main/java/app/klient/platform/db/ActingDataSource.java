package app.klient.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;

/**
 * The connection pool, telling PostgreSQL on each checkout whose reading rules apply ({@link ActingUser}): the
 * session setting {@code klient.user_id}, read by the row policies of restricted kinds. The setting is sent only
 * when it differs from what that physical connection already carries, so most checkouts cost nothing.
 */
public class ActingDataSource extends HikariDataSource {

    private final Map<Object, String> carried = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Set while this thread finds out who acts: the sign-in may be read from the session only then, over a connection
     * of its own, which reads as Klient itself rather than asking again.
     */
    private static final ThreadLocal<Boolean> FINDING_OUT = new ThreadLocal<>();

    @Override
    public Connection getConnection() throws SQLException {
        String wanted = "";
        if (FINDING_OUT.get() == null) {
            FINDING_OUT.set(Boolean.TRUE);
            try {
                wanted = ActingUser.setting();
            } finally {
                FINDING_OUT.remove();
            }
        }
        Connection connection = super.getConnection();
        try {
            act(connection, wanted);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void act(Connection connection, String wanted) throws SQLException {
        Object physical = connection.unwrap(PGConnection.class);
        if (wanted.equals(carried.get(physical))) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement set = connection.prepareStatement("select set_config('klient.user_id', ?, false)")) {
            set.setString(1, wanted);
            set.execute();
        }
        if (!autoCommit) {
            // the setting is the session's (is_local false) and survives this transaction's end either way
            connection.commit();
        }
        carried.put(physical, wanted);
    }
}
