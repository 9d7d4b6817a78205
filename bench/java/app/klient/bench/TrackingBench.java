package app.klient.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The open pixel and the tracked click under load, from a second process (compiled with {@link HttpBench}, whose
 * keep-alive connection and percentiles it uses). The links are made as the campaign send job makes them: a token
 * per (campaign, contact) signed with the key Klient keeps in {@code signing_keys} under "marketing" (given here in
 * hex), and a click signed together with its address, so every request is one Klient really verifies and records.
 * <ul>
 * <li>{@code load BASE KEY CAMPAIGN FIRST LAST RATE SECONDS KIND}: an open model at a constant arrival rate (see
 * HttpBench); KIND {@code open} or {@code click}; contacts FIRST..LAST in turn.</li>
 * <li>{@code max BASE KEY CAMPAIGN FIRST LAST FROM STEP SECONDS KIND}: raises the rate until a step has an error,
 * falls 3 % behind or has a p99 over 1 s; prints the last clean step.</li>
 * </ul>
 */
public final class TrackingBench {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TrackingBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[1];
        byte[] key = HexFormat.of().parseHex(args[2]);
        long campaign = Long.parseLong(args[3]);
        long first = Long.parseLong(args[4]);
        long last = Long.parseLong(args[5]);
        switch (args[0]) {
            case "load" -> {
                String kind = args[8];
                HttpBench.Stats s = load(base, requests(base, key, campaign, first, last, kind),
                        Integer.parseInt(args[6]), Integer.parseInt(args[7]));
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %s |%n", kind, Integer.parseInt(args[6]),
                        s.count(), s.errors(), s.achievedRate(), s.row());
            }
            case "max" -> {
                String kind = args[9];
                int rate = Integer.parseInt(args[6]);
                int step = Integer.parseInt(args[7]);
                int seconds = Integer.parseInt(args[8]);
                int held = 0;
                HttpBench.Stats clean = null;
                IntFunction<byte[]> requests = requests(base, key, campaign, first, last, kind);
                while (true) {
                    HttpBench.Stats s = load(base, requests, rate, seconds);
                    System.err.printf(Locale.ROOT, "%s at %d/s: %d errors, %.0f/s achieved, p99 %.1f ms%n", kind,
                            rate, s.errors(), s.achievedRate(), s.p99());
                    if (s.errors() > 0 || s.achievedRate() < rate * 0.97 || s.p99() > 1000) {
                        break;
                    }
                    held = rate;
                    clean = s;
                    rate += step;
                    Thread.sleep(5000);
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %s |%n", kind, held, clean == null ? "—" : clean.row());
            }
            default -> throw new IllegalArgumentException("load or max");
        }
    }

    /** Requests in turn over the contacts: the pixel, or a click to one of three addresses of the campaign. */
    static IntFunction<byte[]> requests(String base, byte[] key, long campaign, long first, long last, String kind) {
        URI uri = URI.create(base);
        String head = " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUser-Agent: Mozilla/5.0 (bench)\r\nAccept: */*\r\n\r\n";
        String[] targets = { "https://www.example.com/spring-sale?utm_source=newsletter&utm_medium=email",
            "https://www.example.com/pricing", "https://shop.example.com/product/42" };
        AtomicLong offset = new AtomicLong();
        long span = last - first + 1;
        return i -> {
            long contact = first + Math.floorMod(i + offset.get(), span);
            String token = token(key, campaign, contact);
            String path = switch (kind) {
                case "open" -> "/t/o/" + token + ".gif";
                case "click" -> {
                    String target = targets[i % targets.length];
                    yield "/t/c/" + token + "?u=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&s="
                            + B64.encodeToString(mac(key, (token + "\n" + target).getBytes(StandardCharsets.UTF_8)));
                }
                default -> throw new IllegalArgumentException(kind);
            };
            return ("GET " + path + head).getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** As {@code TrackingTokens.token}: 'C', campaign id, contact id; HMAC-SHA256 cut to 16 bytes. */
    static String token(byte[] key, long campaign, long contact) {
        byte[] payload = ByteBuffer.allocate(17).put((byte) 'C').putLong(campaign).putLong(contact).array();
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(key, payload));
    }

    static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return java.util.Arrays.copyOf(mac.doFinal(data), 16);
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The open model of HttpBench with these requests, made beforehand; every answer but 200 (pixel) or 302 (click) is an error. */
    static HttpBench.Stats load(String base, IntFunction<byte[]> requests, int rate, int seconds) throws Exception {
        URI uri = URI.create(base);
        int total = rate * seconds;
        // the requests are made before the clock starts: the driver's HMACs must not slow its own schedule
        byte[][] prepared = new byte[total][];
        for (int i = 0; i < total; i++) {
            prepared[i] = requests.apply(i);
        }
        return HttpBench.drive(uri, i -> prepared[i], status -> status == 200 || status == 302, rate, seconds);
    }
}
