package app.klient.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;

import app.klient.KlientApplication;

/**
 * Klient in a JVM of its own on the suite's database, with its jobs on: the node a crash test kills with SIGKILL
 * while this one watches. Its connections carry the node's name as their application name, so a test can see in
 * {@code pg_stat_activity} when the node is inside a transaction. Its output goes to a temporary file named after it.
 */
public final class SecondNode {

    private SecondNode() {
    }

    /** Starts a node named {@code name}; {@code settings} add to or override the defaults of {@link #settings}. */
    public static Process start(HikariDataSource database, String name, Map<String, Object> settings)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), KlientApplication.class.getName()));
        settings(database, name, settings).forEach((k, v) -> command.add("--" + k + "=" + v));
        File output = Files.createTempFile(name, ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    /** A node's settings: the suite's database, no demo, jobs on, no mail polling; {@code settings} on top. */
    public static Map<String, Object> settings(HikariDataSource database, String name, Map<String, Object> settings) {
        String url = database.getJdbcUrl();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + name);
        p.put("spring.datasource.username", database.getUsername());
        p.put("spring.datasource.password", database.getPassword() == null ? "" : database.getPassword());
        p.put("spring.datasource.hikari.maximum-pool-size", "4");
        p.put("server.port", "0");
        p.put("klient.demo-data", "false");
        p.put("klient.jobs.enabled", "true");
        p.put("klient.mail.poll-every", "PT1H");
        p.put("spring.main.banner-mode", "off");
        // the suite's embedded database made its secret key in its data directory; a node on it needs the same key
        p.put("klient.secret-key-file", Path.of(KlientTest.SECRET_KEY_FILE).toAbsolutePath().toString());
        p.putAll(settings);
        return p;
    }

    /**
     * The suite's secret key as a command-line argument, for a node started in this JVM from {@link #settings} as
     * default properties (which application.properties would override for this one).
     */
    public static String secretKeyArgument() {
        return "--klient.secret-key-file=" + Path.of(KlientTest.SECRET_KEY_FILE).toAbsolutePath();
    }

    /** Waits until the condition holds, asking every {@code every} milliseconds; fails after {@code millis}. */
    public static void waitFor(BooleanSupplier condition, long millis, long every) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached in " + millis + " ms");
            }
            Thread.sleep(every);
        }
    }
}
