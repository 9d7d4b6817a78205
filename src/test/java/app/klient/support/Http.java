package app.klient.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client against the running application: a browser-like session (cookies, CSRF token taken from the
 * last page) or an API caller with a bearer token. Each client comes from its own made-up peer address (see
 * {@link TestPeers}), so the per-address limits of one test do not leak into another.
 */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private final String address;
    private String csrf;
    private String bearer;
    private String language;
    private String forwardedFor;

    private Http(int port, String address) {
        this(port, HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build(), address);
    }

    private Http(int port, HttpClient client, String address) {
        this.base = "http://localhost:" + port;
        this.client = client;
        this.address = address;
    }

    /**
     * The same caller on another port — a second node, a load balancer: the same cookies (the session), CSRF token,
     * bearer token and language.
     */
    public Http via(int port) {
        Http copy = new Http(port, client, address);
        copy.csrf = csrf;
        copy.bearer = bearer;
        copy.language = language;
        copy.forwardedFor = forwardedFor;
        return copy;
    }

    public static Http on(int port) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new Http(port, "10." + r.nextInt(1, 255) + "." + r.nextInt(0, 255) + "." + r.nextInt(1, 255));
    }

    public Http withAddress(String fixedAddress) {
        Http copy = new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), fixedAddress);
        copy.bearer = bearer;
        copy.language = language;
        return copy;
    }

    public Http bearer(String token) {
        this.bearer = token;
        return this;
    }

    /** Sends {@code X-Forwarded-For} with this value from now on, as a proxy (or someone posing as one) would. */
    public Http forwardedFor(String value) {
        this.forwardedFor = value;
        return this;
    }

    public Http language(String tag) {
        this.language = tag;
        return this;
    }

    public String address() {
        return address;
    }

    /** Signs in through the login form; returns the response of the form's POST. */
    public Response login(String email, String password) {
        get("/login");
        return postForm("/login", Map.of("username", email, "password", password));
    }

    public Response get(String path) {
        return send(request(path).GET(), Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send(request(path).GET(), headers);
    }

    public Response postForm(String path, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        if (csrf != null && !withToken.containsKey("_csrf")) {
            withToken.put("_csrf", csrf);
        }
        return postFormRaw(path, withToken);
    }

    /** Posts exactly these fields, without adding the CSRF token. */
    public Response postFormRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), Map.of());
    }

    public Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), Map.of());
    }

    /** A request body of any type, as sent (an uploaded file, a CSV), with the CSRF token left to the caller. */
    public Response postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), Map.of());
    }

    /** A file for {@link #postMultipart}. */
    public record Part(String filename, String contentType, byte[] data) {
    }

    /** A multipart form (fields and files under {@code fileField}), with the session's CSRF token when it has one. */
    public Response postMultipart(String path, Map<String, String> fields, String fileField, Part... files) {
        String boundary = "klient-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null && bearer == null) {
            all.putIfAbsent("_csrf", csrf);
        }
        all.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        for (Part file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"" + file.filename() + "\"\r\nContent-Type: " + file.contentType()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.data());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Map.of());
    }

    /** Posts JSON and answers the body as bytes (a file download such as an XLSX export). */
    public byte[] postJsonForBytes(String path, String json) {
        try {
            return client.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), Map.of());
    }

    public Response patchJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), Map.of());
    }

    /** A PATCH with a body of the given type, e.g. {@code application/merge-patch+json}. */
    public Response patch(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)), Map.of());
    }

    public Response delete(String path) {
        return send(request(path).DELETE(), Map.of());
    }

    /**
     * A server-sent event stream opened as a browser's EventSource does (with {@code Last-Event-ID} when given):
     * its events arrive in the returned stream's queue until it is closed.
     */
    public EventStream events(String path, String lastEventId) {
        HttpRequest.Builder builder = request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return EventStream.open(client, builder.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).header(TestPeers.HEADER, address);
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (language != null) {
            builder.header("Accept-Language", language);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return new Response(response);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String location() {
            String location = header("Location");
            return location == null ? null : location.replaceFirst("^https?://[^/]+", "");
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
