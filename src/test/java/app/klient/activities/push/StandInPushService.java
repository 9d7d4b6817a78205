package app.klient.activities.push;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push service as a browser vendor runs one (RFC 8030), on this machine, for the tests: it takes a push only when
 * its VAPID JWT (RFC 8292) verifies under the public key Klient publishes and is addressed to this service, and it
 * decrypts the body (RFC 8291, aes128gcm) with the private key of the browser subscription the test made, the way
 * the browser would. Written with BouncyCastle's primitives, not with the code under test.
 */
final class StandInPushService implements AutoCloseable {

    private static final Pattern VAPID = Pattern.compile("vapid t=([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+), k=([A-Za-z0-9_\\-]+)");
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(),
            P256.getH());
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** A browser's subscription, with the private key only the browser has. */
    record Browser(String endpoint, ECPrivateKey privateKey, byte[] publicKey, byte[] auth) {

        String json() {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            return "{\"endpoint\": \"" + endpoint + "\", \"expirationTime\": null, \"keys\": {\"p256dh\": \""
                    + url.encodeToString(publicKey) + "\", \"auth\": \"" + url.encodeToString(auth) + "\"}}";
        }
    }

    /** A push the service took: its message as the browser reads it, and its headers. */
    record Received(String browser, JsonNode message, String ttl, String topic) {
    }

    private final HttpServer server;
    private final String vapidKey;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    /** What the service answers for a browser, when not 201. */
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    StandInPushService(String vapidKey) throws IOException {
        this.vapidKey = vapidKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", this::take);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A browser that subscribed with this service: a fresh P-256 key pair and auth secret, as a browser makes. */
    Browser subscribe(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        byte[] uncompressed = new byte[65];
        uncompressed[0] = 4;
        fixed(key.getW().getAffineX(), uncompressed, 1);
        fixed(key.getW().getAffineY(), uncompressed, 33);
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        Browser browser = new Browser(origin() + "/push/" + name, (ECPrivateKey) pair.getPrivate(), uncompressed, auth);
        browsers.put(name, browser);
        return browser;
    }

    private void take(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/push/".length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            Browser browser = browsers.get(name);
            if (browser == null || !"POST".equals(exchange.getRequestMethod())) {
                throw new IllegalStateException("no such subscription: " + name);
            }
            checkVapid(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    || exchange.getRequestHeaders().getFirst("TTL") == null) {
                throw new IllegalStateException("not an RFC 8030/8291 push request");
            }
            JsonNode message = json.readTree(decrypt(browser, body));
            Integer status = answers.get(name);
            if (status != null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            received.add(new Received(name, message, exchange.getRequestHeaders().getFirst("TTL"),
                    exchange.getRequestHeaders().getFirst("Topic")));
            exchange.sendResponseHeaders(201, -1);
        }
        catch (Exception e) {
            refused.add(name + ": " + e);
            exchange.sendResponseHeaders(400, -1);
        }
        finally {
            exchange.close();
        }
    }

    /** RFC 8292: "vapid t=<JWT signed ES256>, k=<the key>", the key being Klient's, the audience this service. */
    private void checkVapid(String authorization) throws Exception {
        Matcher m = VAPID.matcher(authorization == null ? "" : authorization);
        if (!m.matches()) {
            throw new IllegalStateException("no VAPID authorization: " + authorization);
        }
        if (!m.group(2).equals(vapidKey)) {
            throw new IllegalStateException("signed with another key");
        }
        String[] jwt = m.group(1).split("\\.");
        JsonNode header = json.readTree(BASE64URL.decode(jwt[0]));
        JsonNode claims = json.readTree(BASE64URL.decode(jwt[1]));
        if (!"ES256".equals(header.get("alg").asString())) {
            throw new IllegalStateException("not ES256");
        }
        byte[] signature = BASE64URL.decode(jwt[2]);
        SHA256Digest sha = new SHA256Digest();
        byte[] signed = (jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII);
        sha.update(signed, 0, signed.length);
        byte[] hash = new byte[32];
        sha.doFinal(hash, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(P256.getCurve().decodePoint(BASE64URL.decode(vapidKey)), DOMAIN));
        if (signature.length != 64 || !verifier.verifySignature(hash,
                new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)))) {
            throw new IllegalStateException("the VAPID signature does not verify");
        }
        if (!origin().equals(claims.get("aud").asString())) {
            throw new IllegalStateException("addressed to " + claims.get("aud"));
        }
        long exp = claims.get("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) {
            throw new IllegalStateException("expiry not within 24 hours: " + exp);
        }
        String sub = claims.get("sub").asString();
        if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
            throw new IllegalStateException("no contact: " + sub);
        }
    }

    /** RFC 8291 section 3 and RFC 8188, as the browser does it. */
    private static byte[] decrypt(Browser browser, byte[] body) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] asPublic = new byte[in.get() & 0xff];
        in.get(asPublic);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        if (sealed.length > recordSize) {
            throw new IllegalStateException("more than one record");
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(browser.privateKey().getS(), DOMAIN));
        byte[] ecdh = fixed(agreement.calculateAgreement(new ECPublicKeyParameters(P256.getCurve().decodePoint(asPublic),
                DOMAIN)), new byte[32], 0);
        byte[] keyInfo = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(browser.publicKey()).put(asPublic).array();
        byte[] ikm = hkdf(browser.auth(), ecdh, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(cek), 128, nonce));
        byte[] plain = new byte[gcm.getOutputSize(sealed.length)];
        int length = gcm.processBytes(sealed, 0, sealed.length, plain, 0);
        length += gcm.doFinal(plain, length);
        int end = length - 1;
        while (end >= 0 && plain[end] == 0) {
            end--;
        }
        if (end < 0 || plain[end] != 2) {
            throw new IllegalStateException("no last-record delimiter");
        }
        return Arrays.copyOf(plain, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] fixed(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, at + 32 - length, length);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
