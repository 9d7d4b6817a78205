package app.klient.platform.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * PostgreSQL's pg_dump and pg_restore, from the folder given as {@code klient.backup.postgres-bin}
 * ({@code KLIENT_BACKUP_POSTGRES_BIN}), else from the PATH, else from Debian's {@code /usr/lib/postgresql/N/bin} (the
 * newest). The embedded server's binaries have no pg_dump, so the client tools of the same or a newer major version
 * must be installed where the backup runs ({@code apt-get install postgresql-client}).
 */
final class PostgresTools {

    private final Path folder;

    private PostgresTools(Path folder) {
        this.folder = folder;
    }

    static PostgresTools find(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path folder = Path.of(configured);
            if (!Files.isExecutable(folder.resolve("pg_dump"))) {
                throw new BackupException("There is no pg_dump in " + folder + " (klient.backup.postgres-bin)");
            }
            return new PostgresTools(folder);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "pg_dump"))
                        && Files.isExecutable(Path.of(entry, "pg_restore"))) {
                    return new PostgresTools(Path.of(entry));
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/pg_dump")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return new PostgresTools(newest.get().resolve("bin"));
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new BackupException("pg_dump and pg_restore were not found: install PostgreSQL's client tools "
                + "(Debian: apt-get install postgresql-client) or set KLIENT_BACKUP_POSTGRES_BIN to their folder");
    }

    /** pg_dump or pg_restore started with the database's login in its environment; stderr is collected. */
    Running start(String tool, Database database, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(folder.resolve(tool).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(database.environment());
        try {
            Process process = builder.start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            return new Running(tool, process, errors);
        }
        catch (IOException e) {
            throw new BackupException(tool + " could not be started: " + e.getMessage(), e);
        }
    }

    private static String read(InputStream stream) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return e.getMessage();
        }
    }

    record Running(String tool, Process process, CompletableFuture<String> errors) {

        /** Waits for the tool to end; what it wrote to stderr is the message when it failed. */
        void finish() {
            try {
                int exit = process.waitFor();
                String said = errors.join().strip();
                if (exit != 0) {
                    throw new BackupException(tool + " failed (exit " + exit + "): " + said);
                }
            }
            catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new BackupException(tool + " was interrupted", e);
            }
        }
    }
}
