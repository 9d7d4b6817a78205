package app.klient.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A server-sent event stream read line by line, as the browser's EventSource reads it. */
public final class EventStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile int status;

    public record Event(String name, String id, String data) {

        public JsonNode json() {
            return JSON.readTree(data);
        }
    }

    private EventStream(HttpClient client, HttpRequest request) {
        response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            status = r.statusCode();
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            java.util.Iterator<String> lines = r.body().iterator();
            try {
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name == null ? "message" : name, id, data.toString()));
                        }
                        name = null;
                        data.setLength(0);
                    }
                    else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    }
                    else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    }
                    else if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                    }
                }
            }
            catch (RuntimeException closed) {
                // closed by us or by the server
            }
        });
    }

    static EventStream open(HttpClient client, HttpRequest request) {
        return new EventStream(client, request);
    }

    /** The next event within {@code seconds}, or null. */
    public Event next(long seconds) {
        try {
            return events.poll(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next event of this name within {@code seconds} (others are skipped), or null. */
    public Event next(String name, long seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            Event event = next(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(until - System.nanoTime())));
            if (event != null && event.name().equals(name)) {
                return event;
            }
        }
        return null;
    }

    /** The status the stream was answered with (0 while no answer came). */
    public int status() {
        return status;
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
