package app.klient.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server and the lock that keeps a second Klient off the same data directory. The lock is
 * taken before PostgreSQL is touched, so a second start fails with {@link DataDirectoryInUseException} instead of
 * racing the first one for the files.
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabaseServer(Path directory, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    public static EmbeddedDatabaseServer start(Path dataDir, boolean clean) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
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
            stopOrphanedServer(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "128MB")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .start();
            return new EmbeddedDatabaseServer(root, channel, lock, postgres);
        }
        catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * A Klient killed without shutdown leaves its PostgreSQL running. We hold the lock, so no live Klient owns it:
     * stop it the way PostgreSQL asks (SIGTERM, a smart shutdown) before starting our own.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        }
        catch (NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(process -> {
            log.warn("Stopping a PostgreSQL server (pid {}) left running by an earlier Klient on {}", pid, pgData);
            process.destroy();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            }
            catch (Exception e) {
                throw new UncheckedIOException(new IOException("PostgreSQL (pid " + pid + ") on " + pgData
                        + " did not stop; stop it by hand and start Klient again", e));
            }
        });
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public Path directory() {
        return directory;
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
