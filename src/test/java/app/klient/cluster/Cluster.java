package app.klient.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import app.klient.KlientApplication;
import app.klient.support.Http;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Klient as an operator runs it on several machines, here on one: two nodes (JVMs of their own) on the PostgreSQL
 * that .ci/cluster prepared, with its streaming replica as their read replica, behind HAProxy from Debian with the
 * configuration docs/operations.md shows. Started once for the cluster suite and stopped when the JVM ends.
 */
final class Cluster {

    static final String ADMIN_EMAIL = "operator@cluster.test";
    static final String ADMIN_PASSWORD = "cluster-password-1";

    private static Cluster started;
    private static Exception failed;

    /** The nodes' and HAProxy's output, kept after the run. */
    static final Path LOGS = Path.of("target", "cluster");

    final String databaseUrl = required("KLIENT_CLUSTER_DB_URL");
    final String username = required("KLIENT_CLUSTER_DB_USERNAME");
    final String password = required("KLIENT_CLUSTER_DB_PASSWORD");
    final String replicaUrl = required("KLIENT_CLUSTER_REPLICA_URL");
    final Path work = Path.of(required("KLIENT_CLUSTER_WORK"));
    final String secretKey;
    final int balancer;
    final List<Node> nodes = new ArrayList<>();
    final JdbcClient primary;
    final JdbcClient replica;
    private Process haproxy;

    /** One Klient node: its name, port and process (replaced when it is started again). */
    static final class Node {
        final String name;
        final int port;
        Process process;
        /** When its process was last started: some jobs begin a while after that. */
        java.time.Instant started;

        Node(String name, int port) {
            this.name = name;
            this.port = port;
        }
    }

    private Cluster() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secretKey = Base64.getEncoder().encodeToString(key);
        balancer = freePort();
        nodes.add(new Node("klient-a", freePort()));
        nodes.add(new Node("klient-b", freePort()));
        primary = JdbcClient.create(new DriverManagerDataSource(databaseUrl, username, password));
        replica = JdbcClient.create(new DriverManagerDataSource(replicaUrl, username, password));
    }

    /** The cluster, started on first use: both nodes at once (the first to take Flyway's lock migrates). */
    static synchronized Cluster get() throws Exception {
        if (failed != null) {
            throw new IllegalStateException("the cluster did not start", failed);
        }
        if (started == null) {
            Files.createDirectories(LOGS);
            Cluster cluster = new Cluster();
            for (Node node : cluster.nodes) {
                cluster.start(node);
            }
            try {
                for (Node node : cluster.nodes) {
                    awaitHealthy(node.port, node.process, Duration.ofMinutes(4));
                }
                cluster.startBalancer();
            }
            catch (Exception e) {
                failed = e;
                cluster.stop();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
            started = cluster;
        }
        return started;
    }

    /** A client of the load balancer: what a person's browser or an API caller talks to. */
    Http balancer() {
        return Http.on(balancer);
    }

    /** Signs the administrator in through the balancer and returns the API caller with a token. */
    Http administratorApi() {
        Http api = balancer();
        String token = api.postJson("/api/v1/auth/token", "{\"email\": \"" + ADMIN_EMAIL + "\", \"password\": \""
                + ADMIN_PASSWORD + "\"}").json().get("token").asString();
        return api.bearer(token);
    }

    void start(Node node) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), KlientApplication.class.getName()));
        settings(node).forEach((k, v) -> command.add("--" + k + "=" + v));
        File log = LOGS.resolve(node.name + ".log").toFile();
        node.started = java.time.Instant.now();
        node.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** Kills a node as a power cut would: SIGKILL, nothing finished. */
    void kill(Node node) throws InterruptedException {
        node.process.destroyForcibly();
        node.process.waitFor();
    }

    void restart(Node node) throws Exception {
        start(node);
        awaitHealthy(node.port, node.process, Duration.ofMinutes(2));
    }

    private Map<String, Object> settings(Node node) {
        String url = databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "ApplicationName=" + node.name;
        String replicaWithName = replicaUrl + (replicaUrl.contains("?") ? "&" : "?") + "ApplicationName="
                + node.name + "-replica";
        return Map.ofEntries(
                Map.entry("spring.datasource.url", url),
                Map.entry("spring.datasource.username", username),
                Map.entry("spring.datasource.password", password),
                Map.entry("spring.datasource.hikari.maximum-pool-size", "8"),
                Map.entry("klient.replica.url", replicaWithName),
                Map.entry("klient.secret-key", secretKey),
                Map.entry("server.port", node.port),
                Map.entry("klient.base-url", "http://localhost:" + balancer),
                Map.entry("klient.trusted-proxies", "127.0.0.1/32"),
                Map.entry("klient.admin.email", ADMIN_EMAIL),
                Map.entry("klient.admin.password", ADMIN_PASSWORD),
                Map.entry("klient.demo-data", "false"),
                Map.entry("klient.jobs.enabled", "true"),
                Map.entry("klient.webhooks.allowed-networks", "127.0.0.1/32"),
                Map.entry("klient.mail.poll-every", "PT2S"),
                // the jobs that wait a minute or an hour between rounds come round every two seconds here, so
                // ClusterJobsTests sees both nodes try them many times within its time
                Map.entry("klient.reminders.every", "PT2S"),
                Map.entry("klient.sla.every", "PT2S"),
                Map.entry("klient.privacy.retention-every", "PT2S"),
                Map.entry("klient.privacy.retention-first", "PT5S"),
                Map.entry("spring.main.banner-mode", "off"));
    }

    /**
     * HAProxy in front of both nodes: round robin without stickiness (the sessions are in the database), health
     * checks on /actuator/health every second, a request that could not reach a node tried on the other.
     */
    private void startBalancer() throws Exception {
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 2000
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout tunnel 1h
                    retries 2
                    option redispatch
                    option forwardfor
                    option http-server-close
                frontend klient
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk GET /actuator/health
                    http-check expect status 200
                """.formatted(balancer));
        for (Node node : nodes) {
            config.append("    server ").append(node.name).append(" 127.0.0.1:").append(node.port)
                    .append(" check inter 1s fall 2 rise 2\n");
        }
        Path file = work.resolve("haproxy.cfg");
        Files.writeString(file, config);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve("haproxy.log").toFile())).start();
        awaitHealthy(balancer, haproxy, Duration.ofSeconds(30));
    }

    private void stop() {
        if (haproxy != null) {
            haproxy.destroy();
        }
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.destroy();
            }
        }
    }

    /** Runs one of the scripts .ci/cluster left (the replica's start and stop) and waits for it. */
    void run(String variable) throws Exception {
        Process script = new ProcessBuilder(required(variable)).inheritIO().start();
        if (script.waitFor() != 0) {
            throw new IllegalStateException(variable + " failed");
        }
    }

    static void awaitHealthy(int port, Process process, Duration within) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process for port " + port + " ended: " + process.exitValue());
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("port " + port + " not healthy within " + within);
    }

    /** Waits until the condition holds, looking every 200 ms; fails after {@code millis}. */
    static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached in " + millis + " ms");
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run the cluster suite through .ci/cluster");
        }
        return value;
    }
}
