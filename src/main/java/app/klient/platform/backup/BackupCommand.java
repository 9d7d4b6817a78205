package app.klient.platform.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import app.klient.platform.db.DataDirectoryInUseException;
import app.klient.platform.db.EmbeddedDatabaseServer;

/**
 * {@code java -jar klient.jar backup FILE} and {@code java -jar klient.jar restore FILE}, run instead of the
 * application. The database is the one Klient would use with the same settings: {@code SPRING_DATASOURCE_URL},
 * {@code _USERNAME} and {@code _PASSWORD} for an external PostgreSQL, else the embedded one under
 * {@code KLIENT_DATA_DIR} ({@code ./data}) — read while Klient runs, or started for the backup when it does not. A
 * restore needs a stopped Klient and an empty database (a new data directory, or a new external database).
 */
public final class BackupCommand {

    /** The embedded server's database; its role has the same name. */
    private static final String EMBEDDED_DATABASE = EmbeddedDatabaseServer.ROLE;

    private final List<String> arguments;
    private final PrintStream out;

    BackupCommand(List<String> arguments, PrintStream out) {
        this.arguments = arguments;
        this.out = out;
    }

    public static boolean wanted(String[] args) {
        return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
    }

    /** Runs the command and ends the JVM with 0 when it succeeded, 1 when it failed, 2 when it was misused. */
    public static void main(String[] args) {
        System.exit(new BackupCommand(List.of(args), System.out).run());
    }

    int run() {
        if (arguments.size() < 2 || arguments.get(1).startsWith("--")) {
            out.println("Usage: java -jar klient.jar backup FILE | restore FILE");
            return 2;
        }
        Path file = Path.of(arguments.get(1)).toAbsolutePath();
        try {
            Backups backups = new Backups(setting("klient.backup.postgres-bin", null));
            String url = setting("spring.datasource.url", null);
            boolean backup = arguments.get(0).equals("backup");
            Manifest manifest;
            if (url != null && !url.isBlank()) {
                Database database = Database.of(url, setting("spring.datasource.username", null),
                        setting("spring.datasource.password", null));
                manifest = backup ? backups.backup(database, file) : backups.restore(database, file);
            }
            else {
                manifest = backup ? embeddedBackup(backups, file) : embeddedRestore(backups, file);
            }
            long rows = manifest.tables().values().stream().mapToLong(Manifest.Table::rows).sum();
            out.printf(Locale.ROOT, "%s %s: %d tables, %d rows, schema version %s%n",
                    backup ? "Backed up to" : "Restored from", file, manifest.tables().size(), rows,
                    manifest.schemaVersion());
            return 0;
        }
        catch (BackupException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        catch (IOException e) {
            System.err.println("The embedded database could not be started: " + e.getMessage());
            return 1;
        }
    }

    private Manifest embeddedBackup(Backups backups, Path file) throws IOException {
        Path dataDir = dataDir();
        if (!Files.exists(dataDir.resolve("postgres").resolve("postgresql.conf"))) {
            throw new BackupException("There is no Klient database in " + dataDir + " (KLIENT_DATA_DIR)");
        }
        try (EmbeddedDatabaseServer server = start(dataDir)) {
            return backups.backup(embedded(dataDir, server.postgres().getPort()), file);
        }
        catch (DataDirectoryInUseException running) {
            // Klient runs on this data: its server is read where it listens, with Klient's own login
            return backups.backup(embedded(dataDir, runningPort(dataDir)), file);
        }
    }

    private Manifest embeddedRestore(Backups backups, Path file) throws IOException {
        Path dataDir = dataDir();
        boolean existed = Files.exists(dataDir);
        Set<Path> before = new HashSet<>();
        if (existed) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                entries.forEach(before::add);
            }
        }
        boolean restored = false;
        try (EmbeddedDatabaseServer server = start(dataDir)) {
            Manifest manifest = backups.restore(embedded(dataDir, server.postgres().getPort()), file);
            restored = true;
            return manifest;
        }
        catch (DataDirectoryInUseException running) {
            throw new BackupException("Klient is running on " + dataDir + ": stop it, then restore into a new, empty"
                    + " data directory (KLIENT_DATA_DIR)");
        }
        finally {
            if (!restored) {
                removeCreated(dataDir, existed, before);
            }
        }
    }

    /**
     * After a failed restore (its server stopped): what it made in the data directory (the cluster, its password
     * file, binaries), so the directory is as it was; what was there before is never touched.
     */
    private static void removeCreated(Path dataDir, boolean existed, Set<Path> before) {
        if (!Files.exists(dataDir)) {
            return;
        }
        try {
            if (!existed) {
                delete(dataDir);
                return;
            }
            try (Stream<Path> entries = Files.list(dataDir)) {
                for (Path entry : entries.filter(e -> !before.contains(e)).toList()) {
                    delete(entry);
                }
            }
        }
        catch (IOException | UncheckedIOException e) {
            System.err.println("What the failed restore made in " + dataDir + " could not all be removed: "
                    + e.getMessage());
        }
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private EmbeddedDatabaseServer start(Path dataDir) throws IOException {
        return EmbeddedDatabaseServer.start(dataDir, false, true, Path.of(setting("klient.embedded-postgres.binaries",
                dataDir.resolve("binaries").toString())));
    }

    private Path dataDir() {
        return Path.of(setting("klient.data-dir", "./data")).toAbsolutePath().normalize();
    }

    static Database embedded(Path dataDir, int port) throws IOException {
        return new Database("localhost", port, EMBEDDED_DATABASE, EmbeddedDatabaseServer.ROLE,
                rolePassword(dataDir), null);
    }

    /** Klient's login from the embedded server's password file (PostgreSQL's pgpass format, next to the data). */
    static String rolePassword(Path dataDir) throws IOException {
        for (String line : Files.readAllLines(dataDir.resolve("pgpass"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(":", 5);
            if (!line.startsWith("#") && fields.length == 5 && fields[3].equals(EmbeddedDatabaseServer.ROLE)) {
                return fields[4];
            }
        }
        throw new BackupException("The password file " + dataDir.resolve("pgpass") + " has no login for Klient");
    }

    /** The port a running embedded server listens on: line 4 of its postmaster.pid. */
    static int runningPort(Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        return Integer.parseInt(lines.get(3).strip());
    }

    /** A setting as Spring reads it: {@code --name=value}, a system property, or the environment variable. */
    private String setting(String name, String fallback) {
        for (String argument : arguments) {
            if (argument.startsWith("--" + name + "=")) {
                return argument.substring(name.length() + 3);
            }
        }
        String property = System.getProperty(name);
        if (property != null) {
            return property;
        }
        // KLIENT_DATA_DIR as application.properties names it, KLIENT_DATADIR as Spring's relaxed binding does
        String upper = name.toUpperCase(Locale.ROOT).replace('.', '_');
        for (String variable : new String[] { upper.replace('-', '_'), upper.replace("-", "") }) {
            if (System.getenv(variable) != null) {
                return System.getenv(variable);
            }
        }
        return fallback;
    }
}
