package app.klient.platform.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import app.klient.platform.Secrets;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@code java -jar klient.jar rotate-secret-key [--new-key-file FILE]}, run instead of the application with every
 * Klient node stopped: seals every stored secret again under a new key in one transaction. The database and the current
 * key are the ones Klient would use with the same settings. On the embedded setup whose key is {@code secret.key} in
 * the data directory, the new key (made here, or read from FILE) takes its place and the old one is kept as
 * {@code secret.key.old}. Otherwise FILE is needed (read when it exists, else a new key is written to it) and Klient
 * is then started with it ({@code KLIENT_SECRET_KEY_FILE} or {@code KLIENT_SECRET_KEY}).
 */
public final class SecretKeyCommand {

    private SecretKeyCommand() {
    }

    public static boolean wanted(String[] args) {
        return args.length > 0 && "rotate-secret-key".equals(args[0]);
    }

    /** Runs the command and ends the JVM with 0 when it succeeded, 1 when it failed, 2 when it was misused. */
    public static void main(String[] args, Class<?> application) {
        System.exit(run(args, application));
    }

    static int run(String[] args, Class<?> application) {
        Path newKeyFile = null;
        // a web context (sessions and security are part of it) that listens nowhere; no demo company, no jobs
        List<String> spring = new ArrayList<>(List.of("--server.port=-1", "--klient.jobs.enabled=false",
                "--klient.demo-data=false", "--spring.main.banner-mode=off"));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--new-key-file") && i + 1 < args.length) {
                newKeyFile = Path.of(args[++i]).toAbsolutePath();
            }
            else if (args[i].startsWith("--new-key-file=")) {
                newKeyFile = Path.of(args[i].substring("--new-key-file=".length())).toAbsolutePath();
            }
            else if (args[i].startsWith("--")) {
                given(spring, args[i]);
            }
            else {
                System.out.println("Usage: java -jar klient.jar rotate-secret-key [--new-key-file FILE]");
                return 2;
            }
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .run(spring.toArray(String[]::new))) {
            Environment settings = context.getEnvironment();
            boolean dataDirKey = !StringUtils.hasText(settings.getProperty("klient.secret-key"))
                    && !StringUtils.hasText(settings.getProperty("klient.secret-key-file"))
                    && !StringUtils.hasText(settings.getProperty("spring.datasource.url"));
            if (!dataDirKey && newKeyFile == null) {
                System.err.println("Give the new key's file: rotate-secret-key --new-key-file FILE (a new key is"
                        + " written there when it does not exist)");
                return 2;
            }
            Path current = Path.of(settings.getProperty("klient.data-dir", "./data")).toAbsolutePath().normalize()
                    .resolve(SecretKeySource.FILE_NAME);
            byte[] newKey;
            if (newKeyFile != null && Files.exists(newKeyFile)) {
                newKey = SecretKeySource.read(newKeyFile);
            }
            else {
                newKey = SecretKeySource.newKey();
                if (newKeyFile == null) {
                    newKeyFile = current.resolveSibling(SecretKeySource.FILE_NAME + ".new");
                    Files.deleteIfExists(newKeyFile);
                }
                // written before the database changes: a key the secrets are sealed under is never only in memory
                SecretKeySource.write(newKeyFile, newKey, false);
            }
            Secrets from = context.getBean(Secrets.class);
            Secrets to = Secrets.withKey(newKey);
            if (from.keyId().equals(to.keyId())) {
                System.err.println("The new key is the current key");
                return 1;
            }
            int count;
            try {
                count = context.getBean(SecretRotation.class).rotate(from, to);
            }
            catch (RuntimeException refused) {
                // nothing changed in the database: a key made here for it is of no use
                if (newKeyFile.getFileName().toString().equals(SecretKeySource.FILE_NAME + ".new")) {
                    Files.deleteIfExists(newKeyFile);
                }
                throw refused;
            }
            if (dataDirKey) {
                SecretKeySource.write(current.resolveSibling(SecretKeySource.FILE_NAME + ".old"),
                        SecretKeySource.read(current), true);
                SecretKeySource.write(current, newKey, true);
                System.out.printf("Sealed %d stored secrets again under the key %s (was %s); %s now holds the new"
                        + " key, the old one is kept in %s.old for backups made before now%n", count, to.keyId(),
                        from.keyId(), current, current.getFileName());
                if (newKeyFile.getFileName().toString().equals(SecretKeySource.FILE_NAME + ".new")) {
                    Files.delete(newKeyFile);
                }
            }
            else {
                System.out.printf("Sealed %d stored secrets again under the key %s (was %s); start Klient with"
                        + " KLIENT_SECRET_KEY_FILE=%s (or its content as KLIENT_SECRET_KEY)%n", count, to.keyId(),
                        from.keyId(), newKeyFile);
            }
            return 0;
        }
        catch (IOException | IllegalStateException e) {
            System.err.println("The key was not rotated: " + e.getMessage());
            return 1;
        }
    }

    /** A setting given on the command line, in place of the command's own default for it (Spring takes one value). */
    private static void given(List<String> spring, String argument) {
        String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=') + 1) : argument;
        spring.removeIf(setting -> setting.startsWith(name));
        spring.add(argument);
    }
}
