package app.klient.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live chat under load, from a second process with nothing but the JDK:
 * {@code java bench/java/app/klient/bench/ChatBench.java BASE TOKEN WIDGET_KEY CHATS SECONDS INTERVAL_MS}.
 * <p>
 * CHATS visitors start a chat each and hold its event stream open, as the widget does; every INTERVAL_MS (± a
 * quarter, at random) each visitor writes a message and the agent (the TOKEN's user, over the API) answers each
 * chat. A message's delivery time runs from the moment its POST is sent until it arrives on the visitor's event
 * stream: the write, the commit, PostgreSQL's notice, the stream's read and the push, as a person in the chat waits
 * for it. Prints one markdown table row: chats, messages, p50, p95, p99, max (ms), lost, errors.
 */
public final class ChatBench {

    private static final Pattern ID = Pattern.compile("\"clientId\":\"([^\"]+)\"");
    private static final Pattern TEXT = Pattern.compile("\"text\":\"(bench-[0-9a-f-]+)\"");

    private ChatBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String widget = base + "/chat/w/" + args[2];
        int chats = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int interval = Integer.parseInt(args[5]);
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16))
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Double> delivered = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<long[]> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            HttpResponse<String> started = client.send(HttpRequest.newBuilder(URI.create(widget + "/chats"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Visitor " + i
                            + "\", \"message\": \"Hello\", \"language\": \"en\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 201) {
                System.err.println("chat " + i + ": " + started.statusCode() + " " + started.body());
                System.exit(1);
            }
            Matcher chatId = Pattern.compile("\"chatId\":(\\d+)").matcher(started.body());
            Matcher secret = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(started.body());
            chatId.find();
            secret.find();
            ids.add(new long[] { Long.parseLong(chatId.group(1)) });
            tokens.add(secret.group(1));
        }
        for (String chat : tokens) {
            HttpRequest events = HttpRequest.newBuilder(URI.create(widget + "/chats/" + chat + "/events"))
                    .header("Accept", "text/event-stream").build();
            client.sendAsync(events, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (!line.startsWith("data:")) {
                        return;
                    }
                    long now = System.nanoTime();
                    Matcher mine = ID.matcher(line);
                    Matcher theirs = TEXT.matcher(line);
                    String key = mine.find() ? mine.group(1) : theirs.find() ? theirs.group(1) : null;
                    Long at = key == null ? null : sent.remove(key);
                    if (at != null) {
                        delivered.add((now - at) / 1e6);
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            }));
        }
        Thread.sleep(2000);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger posted = new AtomicInteger();
        for (int i = 0; i < chats; i++) {
            String chat = tokens.get(i);
            long chatId = ids.get(i)[0];
            Runnable[] visitor = new Runnable[1];
            visitor[0] = () -> {
                if (System.nanoTime() > end) {
                    return;
                }
                String id = "v" + java.util.UUID.randomUUID().toString().replace("-", "");
                sent.put(id, System.nanoTime());
                posted.incrementAndGet();
                client.sendAsync(HttpRequest.newBuilder(URI.create(widget + "/chats/" + chat + "/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"How much is it?\", \"clientId\": \""
                                + id + "\"}")).build(), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(r -> {
                            if (r.statusCode() != 201) {
                                errors.incrementAndGet();
                                sent.remove(id);
                            }
                        });
                clock.schedule(visitor[0], jitter(interval), TimeUnit.MILLISECONDS);
            };
            Runnable[] agent = new Runnable[1];
            agent[0] = () -> {
                if (System.nanoTime() > end) {
                    return;
                }
                String text = "bench-" + java.util.UUID.randomUUID();
                sent.put(text, System.nanoTime());
                posted.incrementAndGet();
                client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/chats/" + chatId + "/messages"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"" + text + "\"}")).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .thenAccept(r -> {
                            if (r.statusCode() != 201) {
                                errors.incrementAndGet();
                                sent.remove(text);
                            }
                        });
                clock.schedule(agent[0], jitter(interval), TimeUnit.MILLISECONDS);
            };
            clock.schedule(visitor[0], ThreadLocalRandom.current().nextInt(interval), TimeUnit.MILLISECONDS);
            clock.schedule(agent[0], ThreadLocalRandom.current().nextInt(interval), TimeUnit.MILLISECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) + 5000);
        clock.shutdownNow();
        List<Double> times = new ArrayList<>(delivered);
        Collections.sort(times);
        System.out.printf(Locale.ROOT, "%d | %d | %.1f | %.1f | %.1f | %.1f | %d | %d%n", chats, times.size(),
                pct(times, 50), pct(times, 95), pct(times, 99), times.isEmpty() ? 0 : times.get(times.size() - 1),
                sent.size(), errors.get());
        System.exit(0);
    }

    private static long jitter(int interval) {
        return interval * 3L / 4 + ThreadLocalRandom.current().nextInt(Math.max(1, interval / 2));
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
