package app.klient.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's two passwords: its superuser's (used only to set the server up at start) and Klient's own
 * role's. They live in a file in PostgreSQL's password-file format next to the data, readable by Klient's user only,
 * so that {@code PGPASSFILE=data/pgpass psql ...} works for maintenance. Never logged.
 */
record DatabasePasswords(Path file, String superuser, String klient) {

    static final String FILE_NAME = "pgpass";
    private static final Logger log = LoggerFactory.getLogger(DatabasePasswords.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom random = new SecureRandom();

    @Override
    public String toString() {
        return "DatabasePasswords[" + file + "]";
    }

    /** Reads the file in {@code directory}, making it (or the passwords it lacks) on the first start. */
    static DatabasePasswords readOrCreate(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        String superuser = null;
        String klient = null;
        if (Files.exists(file)) {
            keepPrivate(file);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(":", 5);
                if (fields.length == 5 && fields[3].equals(EmbeddedDatabaseServer.SUPERUSER)) {
                    superuser = fields[4];
                }
                else if (fields.length == 5 && fields[3].equals(EmbeddedDatabaseServer.ROLE)) {
                    klient = fields[4];
                }
            }
        }
        if (superuser != null && klient != null) {
            return new DatabasePasswords(file, superuser, klient);
        }
        DatabasePasswords passwords = new DatabasePasswords(file, superuser == null ? generate() : superuser,
                klient == null ? generate() : klient);
        passwords.write();
        return passwords;
    }

    private void write() throws IOException {
        List<String> lines = List.of(
                "# The passwords of Klient's embedded PostgreSQL (made by Klient; keep this file with the data).",
                "# For maintenance: PGPASSFILE=" + file + " psql -h " + file.resolveSibling("postgres")
                        + " -p <port: line 4 of postgres/postmaster.pid> -U " + EmbeddedDatabaseServer.ROLE + " "
                        + EmbeddedPostgresConfiguration.DATABASE,
                "*:*:*:" + EmbeddedDatabaseServer.ROLE + ":" + klient,
                "*:*:*:" + EmbeddedDatabaseServer.SUPERUSER + ":" + superuser);
        // written under another name with its final permissions, then moved: never readable by others, never half
        Path temporary = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(temporary);
        if (posix()) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void keepPrivate(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            log.warn("{} was readable by others; made it readable by its owner only", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** 192 random bits in URL-safe Base64: no ':' or '\', which the password-file format would need escaped. */
    private static String generate() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
