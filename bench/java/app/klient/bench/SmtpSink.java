package app.klient.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local SMTP server that takes every message and keeps none (JDK only), for the campaign benchmark:
 * {@code serve PORT COUNTFILE} answers SMTP and writes how many messages it took to COUNTFILE each second;
 * {@code blast PORT N BYTES} is the server alone: one connection, N messages of about BYTES each, the same dialogue
 * (MAIL, RCPT, DATA, the message, ".") as a mail client, and prints messages per second.
 */
public final class SmtpSink {

    private static final AtomicLong TAKEN = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), Path.of(args[2]));
        }
        else {
            blast(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    private static void serve(int port, Path countFile) throws Exception {
        Thread writer = new Thread(() -> {
            while (true) {
                try {
                    Files.writeString(countFile, TAKEN.get() + "\n");
                    Thread.sleep(200);
                }
                catch (Exception e) {
                    return;
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        try (ServerSocket server = new ServerSocket(port)) {
            while (true) {
                Socket socket = server.accept();
                Thread t = new Thread(() -> session(socket));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void session(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            reply(out, "220 sink ESMTP");
            boolean data = false;
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        TAKEN.incrementAndGet();
                        reply(out, "250 2.0.0 taken");
                    }
                    continue;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO" -> reply(out, "250 sink");
                    case "DATA" -> {
                        data = true;
                        reply(out, "354 go on");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        }
        catch (IOException e) {
            // the client went away
        }
    }

    private static void blast(int port, int n, int bytes) throws Exception {
        StringBuilder body = new StringBuilder();
        while (body.length() < bytes) {
            body.append("Hello Anna, this is the spring offer of the benchmark campaign: https://klient.example/t/c/x\r\n");
        }
        try (Socket socket = new Socket("localhost", port);
             InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            line(in);
            command(out, in, "EHLO bench");
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                command(out, in, "MAIL FROM:<news@klient.example>");
                command(out, in, "RCPT TO:<c" + i + "@bench.example>");
                command(out, in, "DATA");
                out.write(("Message-ID: <b" + i + "@bench>\r\nSubject: Spring offers\r\n\r\n" + body + ".\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer;
                do {
                    answer = line(in);
                } while (answer != null && answer.charAt(3) == '-');
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            command(out, in, "QUIT");
            System.out.printf("%d %.2f %.0f%n", n, seconds, n / seconds);
        }
    }

    private static void command(OutputStream out, InputStream in, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer;
        do {
            answer = line(in);
        } while (answer != null && answer.length() > 3 && answer.charAt(3) == '-');
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
