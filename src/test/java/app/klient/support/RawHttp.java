package app.klient.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests as bytes on a socket, for what a well-behaved client refuses to send: malformed percent-encoding in the
 * path or query, NUL bytes, an {@code Expect} header. Returns the whole answer, status line and headers included.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public static Answer send(int port, String method, String target, String headers, byte[] body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                    + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new Answer(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (SocketTimeoutException e) {
            throw new AssertionError("no answer to " + method + " " + target, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer get(int port, String target, String headers) {
        return send(port, "GET", target, headers, new byte[0]);
    }

    public record Answer(String raw) {

        public int status() {
            return Integer.parseInt(raw.substring(9, 12));
        }

        public String header(String name) {
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String body() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? "" : raw.substring(end + 4);
        }

        private String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }

        @Override
        public String toString() {
            return raw.length() > 2000 ? raw.substring(0, 2000) : raw;
        }
    }
}
