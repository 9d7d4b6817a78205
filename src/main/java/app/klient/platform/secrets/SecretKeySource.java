package app.klient.platform.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Where Klient's secret key comes from, first match wins: {@code KLIENT_SECRET_KEY} ({@code klient.secret-key}, the
 * base64 of 32 bytes), the file {@code klient.secret-key-file} ({@code KLIENT_SECRET_KEY_FILE}, holding the same), or,
 * on the embedded database only, {@code secret.key} in the data directory, made on the first start (owner-only). An
 * external database without a key refuses to start: a key made up there would be lost with the machine.
 */
public final class SecretKeySource {

    public static final String FILE_NAME = "secret.key";
    private static final Logger log = LoggerFactory.getLogger(SecretKeySource.class);

    private SecretKeySource() {
    }

    public static byte[] load(PropertyResolver settings) {
        String given = settings.getProperty("klient.secret-key");
        if (StringUtils.hasText(given)) {
            return decode(given, "KLIENT_SECRET_KEY (klient.secret-key)");
        }
        String file = settings.getProperty("klient.secret-key-file");
        if (StringUtils.hasText(file)) {
            return read(Path.of(file.strip()));
        }
        if (StringUtils.hasText(settings.getProperty("spring.datasource.url"))) {
            throw new SecretKeyMissingException();
        }
        Path dataDir = Path.of(settings.getProperty("klient.data-dir", "./data")).toAbsolutePath().normalize();
        return readOrCreate(dataDir.resolve(FILE_NAME));
    }

    /** The key in a file (its base64, blanks around it ignored). */
    public static byte[] read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "The key file " + file);
        }
        catch (IOException e) {
            throw new IllegalStateException("Klient's secret key file " + file + " cannot be read: " + e, e);
        }
    }

    /** The embedded setup's key file, made with a new random key (owner-only) when there is none yet. */
    public static byte[] readOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] key = newKey();
        try {
            write(file, key, false);
            log.info("Klient made its secret key {}: keep it with the backups of the data directory (without it, the"
                    + " stored mail passwords, webhook secrets and KSeF token cannot be read)", file);
            return key;
        }
        catch (FileAlreadyExistsException raced) {
            return read(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Klient's secret key file " + file + " cannot be written", e);
        }
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** Writes a key to a file that only its owner may read; refuses to overwrite one unless told to. */
    public static void write(Path file, byte[] key, boolean replace) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        if (!replace && Files.exists(file)) {
            Files.delete(temporary);
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static byte[] decode(String text, String origin) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException(origin + " is not base64: give the base64 of 32 random bytes"
                    + " (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(origin + " holds " + key.length + " bytes, not 32: give the base64 of 32"
                    + " random bytes (openssl rand -base64 32)");
        }
        return key;
    }
}
