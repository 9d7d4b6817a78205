package app.klient.platform.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * A backup archive (a ZIP with {@code manifest.json} and PostgreSQL's {@code database.dump} in its custom format)
 * made from a database, and a database restored from one. The dump and the manifest read the same snapshot, so the
 * archive is consistent while Klient keeps working; a restore goes into an empty database in one transaction and is
 * checked against the manifest.
 */
public final class Backups {

    static final String MANIFEST = "manifest.json";
    static final String DUMP = "database.dump";
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final PostgresTools tools;

    public Backups(String postgresBin) {
        this.tools = PostgresTools.find(postgresBin);
    }

    /** Writes the archive of {@code database} to {@code file}, which must not exist yet; returns its manifest. */
    public Manifest backup(Database database, Path file) {
        if (Files.exists(file)) {
            throw new BackupException(file + " exists already; choose a new file name");
        }
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshot;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            Manifest manifest = Manifest.measure(connection);
            // the archive holds all of the CRM, stored mailbox passwords included: for its owner's eyes only
            Files.deleteIfExists(partial);
            if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(partial, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
                // the custom format compresses already
                zip.setLevel(Deflater.NO_COMPRESSION);
                zip.putNextEntry(new ZipEntry(DUMP));
                // a kind whose reading is restricted carries a row policy (identity.RecordAccess): read as Klient
                // itself (no klient.user_id), the policy lets every row through, where pg_dump would refuse it
                PostgresTools.Running dump = tools.start("pg_dump", database, List.of("--format=custom",
                        "--no-owner", "--no-privileges", "--enable-row-security", "--snapshot=" + snapshot));
                dump.process().getOutputStream().close();
                try (InputStream in = dump.process().getInputStream()) {
                    in.transferTo(zip);
                }
                dump.finish();
                zip.closeEntry();
            }
            connection.commit();
            try (var channel = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        }
        catch (SQLException e) {
            throw new BackupException("The database " + database + " could not be read: " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new BackupException("The backup could not be written to " + file + ": " + e.getMessage(), e);
        }
        finally {
            try {
                Files.deleteIfExists(partial);
            }
            catch (IOException ignored) {
                // a leftover .part file is named as unfinished
            }
        }
    }

    /**
     * Restores the archive into {@code database}, which must hold no tables: all of it in one transaction, then every
     * table and sequence compared with the manifest. Returns the manifest the restored database matched.
     */
    public Manifest restore(Database database, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupException("There is no backup file " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifestEntry = zip.getEntry(MANIFEST);
            ZipEntry dumpEntry = zip.getEntry(DUMP);
            if (manifestEntry == null || dumpEntry == null) {
                throw new BackupException(file + " is not a Klient backup (it lacks " + MANIFEST + " or " + DUMP + ")");
            }
            Manifest manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = JSON.readValue(in, Manifest.class);
            }
            if (manifest.format() > Manifest.FORMAT) {
                throw new BackupException(file + " was made by a newer Klient (backup format " + manifest.format()
                        + "); restore it with that version");
            }
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("""
                            select count(*) from information_schema.tables
                            where table_schema not in ('pg_catalog', 'information_schema')""")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new BackupException("The database " + database + " is not empty (" + rs.getLong(1)
                            + " tables): a backup is restored into an empty database only");
                }
            }
            PostgresTools.Running restore = tools.start("pg_restore", database, List.of("--no-owner",
                    "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname=" + database.name()));
            try (InputStream in = zip.getInputStream(dumpEntry); OutputStream out = restore.process().getOutputStream()) {
                in.transferTo(out);
            }
            catch (IOException e) {
                // pg_restore stopped reading: its own message says why
                restore.finish();
                throw e;
            }
            restore.finish();
            Manifest restored;
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                restored = Manifest.measure(connection);
                connection.rollback();
            }
            List<String> differences = manifest.differences(restored);
            if (!differences.isEmpty()) {
                throw new BackupException("The restored database differs from the backup: "
                        + String.join("; ", differences));
            }
            return manifest;
        }
        catch (SQLException e) {
            throw new BackupException("The database " + database + " could not be reached: " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new BackupException(file + " could not be read: " + e.getMessage(), e);
        }
    }
}
