package app.klient.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * HTTP measurements of a running Klient from a second process, with nothing but the JDK (run it as
 * {@code java bench/java/app/klient/bench/HttpBench.java ...}).
 * <ul>
 * <li>{@code latency BASE TOKEN N PATH...}: N sequential requests per path after a warm-up, p50/p95/p99 in ms. A
 * TOKEN of the form {@code login:EMAIL:PASSWORD} signs in through the login form instead, for the pages.</li>
 * <li>{@code load BASE TOKEN RATE SECONDS KIND}: an open model at a constant arrival rate, like wrk2: request i is
 * due at start + i/RATE whether or not earlier ones have answered, and its latency counts from that moment, so a
 * server that falls behind cannot hide it (no coordinated omission). KIND is {@code get}, {@code list},
 * {@code create}, {@code call} (a call record to the intake, {@code POST /api/v1/calls}) or {@code callbatch}
 * (fifty of them in one {@code POST /api/v1/calls/batch}).</li>
 * <li>{@code max BASE TOKEN FROM STEP SECONDS KIND}: raises the rate until a step has errors or falls behind; the last
 * clean step is the highest rate held.</li>
 * </ul>
 */
public final class HttpBench {

    private HttpBench() {
    }

    /** Percentiles of one run, in milliseconds. */
    public record Stats(int count, int errors, double p50, double p95, double p99, double max, double achievedRate) {

        String row() {
            return String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %.1f", p50, p95, p99, max);
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[1];
        String token = args[2];
        switch (args[0]) {
            case "latency" -> {
                int n = Integer.parseInt(args[3]);
                for (int i = 4; i < args.length; i++) {
                    Stats s = latency(base, token, args[i], n);
                    System.out.println("| `" + args[i] + "` | " + s.row() + " |");
                }
            }
            case "load" -> {
                Stats s = load(base, token, Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %s |%n", args[5],
                        Integer.parseInt(args[3]), s.count(), s.errors(), s.achievedRate(), s.row());
            }
            case "max" -> {
                int rate = Integer.parseInt(args[3]);
                int step = Integer.parseInt(args[4]);
                int seconds = Integer.parseInt(args[5]);
                int held = 0;
                Stats last = null;
                while (true) {
                    Stats s = load(base, token, rate, seconds, args[6]);
                    System.err.printf(Locale.ROOT, "%s at %d/s: %d errors, %.0f/s achieved, p99 %.1f ms%n", args[6],
                            rate, s.errors(), s.achievedRate(), s.p99());
                    if (s.errors() > 0 || s.achievedRate() < rate * 0.97 || s.p99() > 1000) {
                        break;
                    }
                    held = rate;
                    last = s;
                    rate += step;
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %s |%n", args[6], held, last == null ? "—" : last.row());
            }
            default -> throw new IllegalArgumentException("latency, load or max");
        }
    }

    /** Sequential requests, each timed from send to last byte; 10 % (at least 3) warm-up requests not counted. */
    public static Stats latency(String base, String token, String path, int n) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new java.net.CookieManager()).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token.startsWith("login:")) {
            String[] parts = token.split(":", 3);
            signIn(client, base, parts[1], parts[2]);
        }
        else {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.GET().build();
        for (int i = 0; i < Math.max(3, n / 10); i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        double[] ms = new double[n];
        int errors = 0;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() >= 400) {
                errors++;
            }
        }
        return stats(ms, n, errors, n / ((System.nanoTime() - started) / 1e9));
    }

    /** Signs in through the login form, as a browser does: the form's CSRF token, then the session cookie. */
    static void signIn(HttpClient client, String base, String email, String password) throws Exception {
        String form = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no login form at " + base + "/login");
        }
        String body = "username=" + enc(email) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in refused: " + response.statusCode() + " " + location);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The open model: see the class comment. Requests go over a fixed set of keep-alive connections
     * ({@code -Dbench.connections}, 64), written and read as plain HTTP/1.1, so the driver spends little of the CPU
     * it shares with the server; a request waiting for a free connection is late, and its latency says so.
     */
    public static Stats load(String base, String token, int rate, int seconds, String kind) throws Exception {
        URI uri = URI.create(base);
        IntFunction<byte[]> requests = requests(uri, token, kind);
        // warm the connections and the server's code paths
        Connection warm = null;
        for (int i = 0; i < 200; i++) {
            warm = warm == null ? new Connection(uri) : warm;
            warm.exchange(requests.apply(i));
            warm = warm.reusable ? warm : close(warm);
        }
        close(warm);
        return drive(uri, requests, status -> status != 0 && status < 400, rate, seconds);
    }

    /**
     * The open model's engine: request i is due at start + i / rate and is sent over the first free keep-alive
     * connection; its latency counts from when it was due. An answer {@code ok} refuses (0: no answer) is an error.
     */
    static Stats drive(URI uri, IntFunction<byte[]> requests, java.util.function.IntPredicate ok, int rate,
            int seconds) throws InterruptedException {
        int total = rate * seconds;
        double[] ms = new double[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        long deadline = start + (seconds + 30L) * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Integer.getInteger("bench.connections", 64); w++) {
            Thread worker = new Thread(() -> {
                Connection connection = null;
                for (int i = next.getAndIncrement(); i < total && System.nanoTime() < deadline;
                        i = next.getAndIncrement()) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    int status;
                    try {
                        connection = connection == null ? new Connection(uri) : connection;
                        status = connection.exchange(requests.apply(i));
                        connection = connection.reusable ? connection : close(connection);
                    }
                    catch (java.io.IOException e) {
                        status = 0;
                        connection = close(connection);
                    }
                    long now = System.nanoTime();
                    ms[i] = (now - due) / 1e6;
                    if (!ok.test(status)) {
                        errors.incrementAndGet();
                    }
                    done.incrementAndGet();
                    lastDone.accumulateAndGet(now, Math::max);
                }
                close(connection);
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        errors.addAndGet(total - done.get());
        double elapsed = (lastDone.get() - start) / 1e9;
        return stats(ms, done.get(), errors.get(), done.get() / Math.max(elapsed, seconds));
    }

    private static Connection close(Connection connection) {
        if (connection != null) {
            connection.close();
        }
        return null;
    }

    /** One keep-alive HTTP/1.1 connection: a request's bytes out, its status back, the body read and dropped. */
    static final class Connection implements AutoCloseable {

        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        /** False once the server has said it closes the connection (Tomcat does after 100 requests). */
        private boolean reusable = true;

        boolean reusable() {
            return reusable;
        }

        Connection(URI uri) throws java.io.IOException {
            socket = new java.net.Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16_384);
        }

        int exchange(byte[] request) throws java.io.IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                }
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
                else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                line();
            }
            else if (length > 0) {
                skip(length);
            }
            reusable = !closing;
            return status;
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void skip(long n) throws java.io.IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new java.io.EOFException();
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            }
            catch (java.io.IOException e) {
                // closing anyway
            }
        }
    }

    /** Calls in one request of the kind "callbatch". */
    static final int CALLS_PER_BATCH = 50;

    /** Call number {@code i} of a run: from one of the bench's contacts' numbers or nobody's; a fifth missed. */
    static String call(String run, long i) {
        String from = "+48 60" + (1_000_000 + Math.floorMod(i * 7919L, 9_000_000));
        return "{\"callId\": \"bench-" + run + "-" + i + "\", \"from\": \"" + from
                + "\", \"to\": \"201\", \"direction\": \"INBOUND\", \"startedAt\": \""
                + java.time.OffsetDateTime.now().minusMinutes(5) + "\", \"durationSeconds\": "
                + (i % 5 == 0 ? 0 : 30 + i % 600) + ", \"outcome\": \"" + (i % 5 == 0 ? "MISSED" : "ANSWERED") + "\"}";
    }

    /** What each request kind asks, as the bytes of an HTTP/1.1 request: one contact by id, a page, a new contact. */
    static IntFunction<byte[]> requests(URI base, String token, String kind) {
        long max = Long.parseLong(System.getProperty("bench.maxId", "1000000"));
        long min = Long.parseLong(System.getProperty("bench.minId", "1"));
        String run = Long.toString(System.nanoTime(), 36);
        String head = "Host: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + token
                + "\r\nAccept: application/json\r\n";
        return i -> {
            long id = min + Math.floorMod(i * 7919L, max - min + 1);
            String request = switch (kind) {
                case "get" -> "GET /api/v1/contacts/" + id + " HTTP/1.1\r\n" + head + "\r\n";
                case "list" -> "GET /api/v1/contacts?country=PL&sort=name&size=25&page=" + (i % 40) + " HTTP/1.1\r\n"
                        + head + "\r\n";
                case "create" -> {
                    byte[] body = ("{\"firstName\": \"Load\", \"lastName\": \"Test " + i + "\", \"emails\": [\"load."
                            + run + "." + i + "@bench.example\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    yield "POST /api/v1/contacts HTTP/1.1\r\n" + head + "Content-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n"
                            + new String(body, java.nio.charset.StandardCharsets.UTF_8);
                }
                case "call" -> {
                    // a call the phone system reports: an inbound call from one of the contacts' numbers or an unknown
                    // one, answered or missed, each with its own id (the intake is idempotent by it)
                    byte[] body = call(run, i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    yield "POST /api/v1/calls HTTP/1.1\r\n" + head + "Content-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n"
                            + new String(body, java.nio.charset.StandardCharsets.UTF_8);
                }
                case "callbatch" -> {
                    // the same calls, fifty at a time, as a phone system uploads its call records
                    StringBuilder calls = new StringBuilder("{\"calls\": [");
                    for (int k = 0; k < CALLS_PER_BATCH; k++) {
                        calls.append(k == 0 ? "" : ", ").append(call(run, i * CALLS_PER_BATCH + k));
                    }
                    byte[] body = calls.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    yield "POST /api/v1/calls/batch HTTP/1.1\r\n" + head + "Content-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n"
                            + new String(body, java.nio.charset.StandardCharsets.UTF_8);
                }
                default -> throw new IllegalArgumentException(kind);
            };
            return request.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        };
    }

    static Stats stats(double[] all, int count, int errors, double achieved) {
        double[] ms = Arrays.copyOf(all, Math.min(count, all.length));
        Arrays.sort(ms);
        if (ms.length == 0) {
            return new Stats(0, errors, 0, 0, 0, 0, 0);
        }
        return new Stats(count, errors, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms[ms.length - 1], achieved);
    }

    private static double pct(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
