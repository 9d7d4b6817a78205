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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * server that falls behind cannot hide it (no coordinated omission). KIND is {@code get}, {@code list} or
 * {@code create}.</li>
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

    /** The open model: see the class comment. */
    public static Stats load(String base, String token, int rate, int seconds, String kind) throws Exception {
        IntFunction<HttpRequest> requests = requests(base, token, kind);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        // warm the connections and the server's code paths
        for (int i = 0; i < 200; i++) {
            client.send(requests.apply(i), HttpResponse.BodyHandlers.discarding());
        }
        int total = rate * seconds;
        double[] ms = new double[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        List<CompletableFuture<Void>> pending = new ArrayList<>(total);
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            pending.add(client.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        long now = System.nanoTime();
                        ms[index] = (now - due) / 1e6;
                        if (failure != null || response.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                        lastDone.accumulateAndGet(now, Math::max);
                        return null;
                    }));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(seconds + 30L, TimeUnit.SECONDS);
        }
        catch (java.util.concurrent.TimeoutException e) {
            errors.addAndGet(total - done.get());
        }
        executor.shutdownNow();
        double elapsed = (lastDone.get() - start) / 1e9;
        return stats(ms, done.get(), errors.get(), done.get() / Math.max(elapsed, seconds));
    }

    /** What each request kind asks: one contact by id, a filtered sorted page, or a new contact. */
    static IntFunction<HttpRequest> requests(String base, String token, String kind) {
        long max = Long.parseLong(System.getProperty("bench.maxId", "1000000"));
        long min = Long.parseLong(System.getProperty("bench.minId", "1"));
        String run = Long.toString(System.nanoTime(), 36);
        return i -> {
            HttpRequest.Builder b = HttpRequest.newBuilder().header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30));
            long id = min + Math.floorMod(i * 7919L, max - min + 1);
            return switch (kind) {
                case "get" -> b.uri(URI.create(base + "/api/v1/contacts/" + id)).GET().build();
                case "list" -> b.uri(URI.create(base + "/api/v1/contacts?country=PL&sort=name&size=25&page="
                        + (i % 40))).GET().build();
                case "create" -> b.uri(URI.create(base + "/api/v1/contacts")).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"firstName\": \"Load\", "
                                + "\"lastName\": \"Test " + i + "\", \"emails\": [\"load." + run + "." + i
                                + "@bench.example\"]}")).build();
                default -> throw new IllegalArgumentException(kind);
            };
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
