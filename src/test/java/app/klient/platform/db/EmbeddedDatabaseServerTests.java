package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import app.klient.support.KlientTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL on its own, without the application: what it promises about durability and access. Each
 * test starts servers on a directory of its own.
 */
class EmbeddedDatabaseServerTests {

    static final Path BINARIES = Path.of(KlientTest.POSTGRES_BINARIES);
    static Path root;

    @BeforeAll
    static void directory() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target"), "embedded-server-");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void every_acknowledged_write_survives_the_server_being_killed_mid_writes() throws Exception {
        Path dataDir = root.resolve("killed");
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong ids = new AtomicLong();
        EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES);
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("create table writes (id bigint primary key, payload text not null)");
        }
        for (int cycle = 0; cycle < 3; cycle++) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                EmbeddedDatabaseServer current = server;
                Thread writer = new Thread(() -> write(current, ids, acknowledged), "writer-" + w);
                writer.start();
                writers.add(writer);
            }
            long goal = acknowledged.size() + 300;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acknowledged.size() < goal && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            killAll(dataDir.resolve("postgres"));
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            server.close();
            server = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES);
            try (Connection connection = connect(server); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("select id from writes")) {
                Set<Long> present = new java.util.HashSet<>();
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
                List<Long> lost = acknowledged.stream().filter(id -> !present.contains(id)).sorted().toList();
                assertThat(lost).as("acknowledged writes lost in kill %d of %d acknowledged", cycle + 1,
                        acknowledged.size()).isEmpty();
            }
        }
        server.close();
        assertThat(acknowledged).as("writes acknowledged before the kills").hasSizeGreaterThan(600);
    }

    @Test
    void a_new_server_is_durable_checks_its_pages_and_lets_nobody_in_without_a_password() throws Exception {
        Path dataDir = root.resolve("new");
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES)) {
            try (Connection connection = connect(server)) {
                for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes", "data_checksums")) {
                    assertThat(show(connection, setting)).as(setting).isEqualTo("on");
                }
            }
            assertRefusesWithoutPassword(server, dataDir);
            assertRoleIsNoSuperuser(server);

            Path passwords = dataDir.resolve("pgpass");
            assertThat(Files.getPosixFilePermissions(passwords))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(passwords)).contains("*:*:*:klient:" + server.rolePassword());
        }
        Path kept = Files.move(dataDir.resolve("pgpass"), root.resolve("pgpass-kept"));
        assertThatThrownBy(() -> EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES))
                .as("without its passwords nobody can connect: said plainly, not by a minute of retries")
                .hasMessageContaining("password file " + dataDir.resolve("pgpass").toAbsolutePath())
                .hasMessageContaining("missing");
        assertThat(dataDir.resolve("pgpass")).as("no new passwords made that would not open the cluster")
                .doesNotExist();
        Files.move(kept, dataDir.resolve("pgpass"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (EmbeddedDatabaseServer again = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES);
                Connection connection = connect(again)) {
            assertThat(show(connection, "data_checksums")).isEqualTo("on");
        }
    }

    @Test
    void a_data_directory_of_an_older_klient_is_upgraded_in_place_and_its_next_migration_runs_as_klient()
            throws Exception {
        Path dataDir = root.resolve("older");
        Path pgData = dataDir.resolve("postgres");
        // what Klient made before: the library's defaults, trust for every local user, everything owned by postgres
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(pgData)
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(BINARIES.toFile())
                .setLocaleConfig("locale", "C.UTF-8").start()) {
            try (Connection connection = older.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("create database klient encoding 'UTF8' template template0");
            }
            Flyway.configure().dataSource(older.getJdbcUrl("postgres", "klient"), "postgres", null)
                    .locations("classpath:db/migration").load().migrate();
            try (Connection connection = older.getDatabase("postgres", "klient").getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("insert into teams (name) values ('Kept over the upgrade')");
            }
        }
        assertThat(Files.readString(pgData.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust$");
        assertThat(dataDir.resolve("pgpass")).doesNotExist();

        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES)) {
            assertRefusesWithoutPassword(server, dataDir);
            assertRoleIsNoSuperuser(server);
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("pgpass")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (Connection connection = connect(server)) {
                assertThat(list(connection, """
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
                          and c.relowner <> 'klient'::regrole
                          and not exists (select from pg_depend d where d.objid = c.oid and d.deptype = 'e')"""))
                        .as("relations not owned by klient").isEmpty();
                assertThat(list(connection, """
                        select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                        where n.nspname = 'public' and p.proowner <> 'klient'::regrole
                          and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')"""))
                        .as("functions not owned by klient").isEmpty();
                assertThat(list(connection, "select pg_get_userbyid(datdba) from pg_database where datname = 'klient'"))
                        .containsExactly("klient");
                assertThat(list(connection, "select name from teams")).contains("Kept over the upgrade");
            }
            int applied = Flyway.configure().dataSource(server.jdbcUrl(), "klient", server.rolePassword())
                    .locations("classpath:db/migration", "classpath:db/upgrade-check").load().migrate()
                    .migrationsExecuted;
            assertThat(applied).as("the next migration, run as klient").isEqualTo(1);
        }
        try (EmbeddedDatabaseServer again = EmbeddedDatabaseServer.start(dataDir, false, true, BINARIES);
                Connection connection = connect(again)) {
            assertThat(list(connection, "select email from upgrade_check_users")).isNotNull();
        }
    }

    @Test
    void a_server_left_running_by_a_killed_klient_is_stopped_and_a_stale_pid_file_removed() throws Exception {
        Path dataDir = root.resolve("left-running");
        Path pgData = dataDir.resolve("postgres");
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, false, BINARIES);
                Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("create table kept (name text)");
            statement.execute("insert into kept values ('before')");
        }
        // a postmaster of its own session, as pg_ctl leaves it when the JVM that started it is killed -9
        Path pgCtl;
        try (Stream<Path> found = Files.find(BINARIES, 3, (p, a) -> p.endsWith("bin/pg_ctl"))) {
            pgCtl = found.findFirst().orElseThrow();
        }
        List<String> command = new ArrayList<>();
        if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", pgData.toString(), "-o",
                "-p " + freePort() + " -c unix_socket_directories=.", "-w", "start"));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
        long orphan = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphan)).get().matches(ProcessHandle::isAlive);

        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, false, BINARIES);
                Connection connection = connect(server)) {
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan stopped").isEmpty();
            assertThat(list(connection, "select name from kept")).containsExactly("before");
        }

        // a pid file left by a kill of everything, whose number now belongs to another process (a container restart)
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(pgData.resolve("postmaster.pid"), other.pid() + "\n" + pgData + "\n");
            try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, false, BINARIES);
                    Connection connection = connect(server)) {
                assertThat(list(connection, "select name from kept")).containsExactly("before");
            }
            assertThat(other.isAlive()).as("the other process is left alone").isTrue();
        }
        finally {
            other.destroy();
        }
    }

    private static void write(EmbeddedDatabaseServer server, AtomicLong ids, Set<Long> acknowledged) {
        try (Connection connection = connect(server);
                PreparedStatement insert = connection.prepareStatement("insert into writes values (?, ?)")) {
            while (true) {
                long id = ids.incrementAndGet();
                insert.setLong(1, id);
                insert.setString(2, "write " + id);
                insert.executeUpdate();
                acknowledged.add(id);
            }
        }
        catch (SQLException killed) {
            // the server went away mid-write: this write was not acknowledged
        }
    }

    /** kill -9 of the postmaster and every process it started, as the OOM killer or a container stop does. */
    private static void killAll(Path pgData) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> processes = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertRefusesWithoutPassword(EmbeddedDatabaseServer server, Path dataDir) throws IOException {
        for (String user : List.of("postgres", "klient")) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), user, null).close())
                    .as("TCP without a password as %s", user).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
        }
        Path socket = dataDir.resolve("postgres/.s.PGSQL." + server.postgres().getPort());
        assertThat(socket).as("the socket, inside the data directory").exists();
        assertThat(Path.of("/tmp/.s.PGSQL." + server.postgres().getPort())).doesNotExist();
        assertThat(authenticationAskedOverSocket(socket, "postgres")).as("over the socket: asked for SCRAM, not let in")
                .isEqualTo(10);
    }

    private static void assertRoleIsNoSuperuser(EmbeddedDatabaseServer server) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            assertThat(list(connection, "select rolsuper::text from pg_roles where rolname = current_user"))
                    .containsExactly("false");
            assertThatThrownBy(() -> statement.execute("copy (select 1) to program 'true'"))
                    .hasMessageContaining("must be superuser");
        }
    }

    /**
     * Sends PostgreSQL's startup message over the Unix socket and returns the authentication code of its answer: 0
     * lets the client in, 10 asks for SCRAM. (The JDBC driver speaks TCP only.)
     */
    private static int authenticationAskedOverSocket(Path socket, String user) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] parameters = ("user\0" + user + "\0database\0postgres\0\0").getBytes(StandardCharsets.UTF_8);
            ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length);
            startup.putInt(8 + parameters.length).putInt(196608).put(parameters).flip();
            channel.write(startup);
            ByteBuffer answer = ByteBuffer.allocate(9);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                // read the message type, its length and the authentication code
            }
            answer.flip();
            assertThat((char) answer.get()).as("an authentication request").isEqualTo('R');
            answer.getInt();
            return answer.getInt();
        }
    }

    private static Connection connect(EmbeddedDatabaseServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), "klient", server.rolePassword());
    }

    private static String show(Connection connection, String setting) throws SQLException {
        return list(connection, "show " + setting).get(0);
    }

    private static List<String> list(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
