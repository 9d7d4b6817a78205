package app.klient.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, telling PostgreSQL on each checkout whose reading rules apply ({@link ActingUser}): the
 * session setting {@code klient.user_id}, read by the row policies of restricted kinds. The setting is sent only
 * when it differs from what that physical connection already carries, so most checkouts cost nothing.
 * <p>
 * With a read replica ({@link ReplicaConfiguration}), the connection of work that {@linkplain Replica may lag} comes
 * from the replica's pool, the same setting sent; a replica that gives none within its timeout is left alone for
 * {@link #REPLICA_REST} and those reads go to the primary meanwhile.
 */
public class ActingDataSource extends HikariDataSource {

    private static final Logger log = LoggerFactory.getLogger(ActingDataSource.class);

    static final java.time.Duration REPLICA_REST = java.time.Duration.ofSeconds(30);

    private volatile HikariDataSource replica;
    private volatile long replicaRestsUntil;

    private final Map<Object, String> carried = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Set while this thread finds out who acts: the sign-in may be read from the session only then, over a connection
     * of its own, which reads as Klient itself rather than asking again.
     */
    private static final ThreadLocal<Boolean> FINDING_OUT = new ThreadLocal<>();

    /** A pool on the replica at {@code url}, sized as the primary's, that waits little for a connection. */
    static HikariDataSource replicaOf(HikariDataSource primary, String url, String username, String password) {
        HikariDataSource replica = new HikariDataSource();
        replica.setJdbcUrl(url);
        replica.setUsername(username == null || username.isBlank() ? primary.getUsername() : username);
        replica.setPassword(password == null || password.isBlank() ? primary.getPassword() : password);
        replica.setPoolName("klient-replica");
        replica.setMaximumPoolSize(primary.getMaximumPoolSize());
        replica.setMinimumIdle(0);
        replica.setReadOnly(true);
        replica.setConnectionTimeout(2_000);
        // a replica down when Klient starts is not a reason to stay down: its reads go to the primary meanwhile
        replica.setInitializationFailTimeout(-1);
        return replica;
    }

    /** From now on, work that may lag reads from {@code replica}. */
    public void useReplica(HikariDataSource replica) {
        this.replica = replica;
    }

    @Override
    public Connection getConnection() throws SQLException {
        boolean lagging = Replica.take();
        String wanted = "";
        if (FINDING_OUT.get() == null) {
            FINDING_OUT.set(Boolean.TRUE);
            try {
                wanted = ActingUser.setting();
            } finally {
                FINDING_OUT.remove();
            }
        }
        Connection connection = lagging ? fromReplica() : null;
        if (connection == null) {
            connection = super.getConnection();
        }
        try {
            act(connection, wanted);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A connection from the replica; null without one, or while it rests after failing. */
    private Connection fromReplica() {
        HikariDataSource pool = replica;
        if (pool == null || System.currentTimeMillis() < replicaRestsUntil) {
            return null;
        }
        try {
            Connection connection = pool.getConnection();
            // a pool hands out a connection used a moment ago without asking: the replica may have gone since
            if (!connection.isValid(1)) {
                pool.evictConnection(connection);
                throw new SQLException("the replica's connection is no longer valid");
            }
            return connection;
        }
        catch (SQLException e) {
            replicaRestsUntil = System.currentTimeMillis() + REPLICA_REST.toMillis();
            log.warn("The read replica gave no connection ({}); reads that may lag go to the primary for the next {} s",
                    e.getMessage(), REPLICA_REST.toSeconds());
            return null;
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
