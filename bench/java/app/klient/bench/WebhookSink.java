package app.klient.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A local webhook receiver that answers every POST with 204 and keeps nothing (JDK only), for the automation
 * benchmark: {@code serve PORT COUNTFILE} counts the requests it took and writes the count to COUNTFILE five times a
 * second; {@code blast PORT N THREADS BYTES} is the receiver alone: N posts of about BYTES each from THREADS threads
 * over HTTP/1.1 keep-alive, as Klient's senders post, and prints the posts per second.
 */
public final class WebhookSink {

    private static final AtomicLong TAKEN = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), Path.of(args[2]));
        }
        else {
            blast(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
        }
    }

    private static void serve(int port, Path countFile) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            TAKEN.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        while (true) {
            Files.writeString(countFile, TAKEN.get() + "\n");
            Thread.sleep(200);
        }
    }

    private static void blast(int port, int n, int threads, int bytes) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = ("{\"type\":\"bench.delivery\",\"data\":\"" + "x".repeat(Math.max(0, bytes - 40)) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:" + port + "/hook");
        AtomicLong left = new AtomicLong(n);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header("webhook-id", "msg_bench").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d %.2f %d%n", n, seconds, Math.round(n / seconds));
    }
}
