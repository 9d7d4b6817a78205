package app.klient.billing.ksef;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;

import app.klient.billing.Fa3Schema;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small local KSeF for tests: the endpoints of KSeF API 2.0 the client uses, with the paths, bodies, status codes
 * and error shapes of the official OpenAPI document ({@code shared/schemas/ksef-api/open-api.json}; 400 answers are
 * the documented {@code ExceptionResponse}, 401 the problem details, 429 {@code TooManyRequestsResponse} with
 * {@code Retry-After}). It has its own RSA key pairs and self-signed certificates, really decrypts the token and
 * every invoice with its private keys, checks hashes and sizes as KSeF does and each invoice against the official
 * FA(3) schema ({@link Fa3Schema}: 430 with the schema's complaints), numbers accepted invoices as
 * faktury/numer-ksef.md says (NIP-date-hex-CRC-8) and answers a UPO. Tests tell it to reject, limit, go down,
 * refuse the token, hold invoices in processing, or forget its sessions as a restart would.
 */
final class KsefStandIn implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ZoneId POLAND = ZoneId.of("Europe/Warsaw");
    private static final Pattern SELLER_NIP = Pattern.compile(
            "<(?:\\w+:)?Podmiot1\\b.*?<(?:\\w+:)?NIP>\\s*(\\d{10})\\s*</", Pattern.DOTALL);

    private final JsonMapper json = JsonMapper.builder().build();
    private final KeyPair tokenKeys;
    private final KeyPair symmetricKeys;
    private final String tokenCertificate;
    private final String symmetricCertificate;
    private HttpServer server;
    private int port;

    // what KSeF remembers
    private final Map<String, Long> challenges = new ConcurrentHashMap<>();
    private final Map<String, AuthOperation> operations = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Accepted invoices by the Base64 SHA-256 of their XML: KSeF's repository, which a restart does not forget. */
    private final Map<String, Received> repository = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Object[]> asked = new ThreadLocal<>();

    /** A request and the answer it got, for checking both against the OpenAPI document. */
    record Exchange(String method, String path, byte[] requestBody, int status, String contentType,
            byte[] responseBody) {
    }
    private final Map<String, Boolean> offlineModes = new ConcurrentHashMap<>();
    private final AtomicInteger sessionsOpened = new AtomicInteger();

    // what the test asked for
    private volatile String validToken = "stand-in-token";
    private volatile boolean revoked;
    private volatile boolean unavailable;
    private volatile boolean holding;
    private volatile Duration receiving = Duration.ZERO;
    private final AtomicReference<int[]> limit = new AtomicReference<>();
    private volatile Predicate<String> limited = r -> false;
    private final List<Object[]> rejections = new CopyOnWriteArrayList<>();

    private record AuthOperation(String operationToken, String nip, int code, String description, String detail,
            boolean[] redeemed) {
    }

    private record Session(String reference, String nip, byte[] key, byte[] iv, List<String> invoices,
            boolean[] closed) {
    }

    /** One invoice as KSeF received it, with the status it reached. */
    record Received(String session, String reference, int ordinal, String invoiceHash, String invoiceNumber,
            String ksefNumber, boolean offline, int code, String description, List<String> details,
            Map<String, String> extensions, Instant invoicingDate) {
    }

    private final Map<String, Received> invoices = new ConcurrentHashMap<>();

    KsefStandIn() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            tokenKeys = generator.generateKeyPair();
            symmetricKeys = generator.generateKeyPair();
            tokenCertificate = selfSigned(tokenKeys, "KsefTokenEncryption");
            symmetricCertificate = selfSigned(symmetricKeys, "SymmetricKeyEncryption");
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        start(0);
    }

    /** The base URL the client is pointed at, like https://api-test.ksef.mf.gov.pl/v2. */
    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v2";
    }

    // --- what tests tell it ---------------------------------------------------------------------------------

    /** Forgets what tests asked for and who authenticated; keeps nothing of earlier tests but the repository. */
    void reset() {
        validToken = "stand-in-token";
        revoked = false;
        unavailable = false;
        holding = false;
        receiving = Duration.ZERO;
        limited = r -> false;
        limit.set(null);
        rejections.clear();
        requests.clear();
        exchanges.clear();
        sessionsOpened.set(0);
        batchesOpened.set(0);
        if (server == null) {
            start(port);
        }
    }

    String token() {
        return validToken;
    }

    /** The token is revoked: its tokens stop working and authentication ends with 450 "Token unieważniony". */
    void revokeToken() {
        revoked = true;
        // a revoked token takes the access and refresh tokens given for it along
        accessTokens.clear();
        refreshTokens.clear();
    }

    /** The next invoice received gets this status (e.g. 450, "Błąd weryfikacji semantyki dokumentu faktury"). */
    void rejectNext(int code, String description, String... details) {
        rejections.add(new Object[] { code, description, List.of(details) });
    }

    /** The next request matching (e.g. "POST /v2/sessions/online/") answers 429 with this Retry-After. */
    void tooManyRequests(String startOfRequest, int retryAfterSeconds) {
        limit.set(new int[] { retryAfterSeconds });
        limited = r -> r.startsWith(startOfRequest);
    }

    /** Every call answers 503 Service Unavailable. */
    void unavailable(boolean value) {
        unavailable = value;
    }

    /** No connection at all: the port refuses it until {@link #up()}. */
    void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    void up() {
        if (server == null) {
            start(port);
        }
    }

    /** Each invoice sent takes this long to be received, as a busy KSeF would. */
    void slowReceipts(Duration duration) {
        receiving = duration;
    }

    /** Received invoices stay "Trwa przetwarzanie" (150) while holding. */
    void holdProcessing(boolean value) {
        holding = value;
    }

    /** Forgets its sessions and the invoices in them, as KSeF's restart or a lost session would; keeps what it accepted. */
    void forgetSessions() {
        sessions.clear();
        batches.clear();
        invoices.clear();
    }

    // --- what tests read --------------------------------------------------------------------------------------

    /** How many times an invoice with this SHA-256 (raw bytes) was received. */
    int receipts(byte[] sha256) {
        AtomicInteger count = receipts.get(Base64.getEncoder().encodeToString(sha256));
        return count == null ? 0 : count.get();
    }

    Boolean offlineMode(byte[] sha256) {
        return offlineModes.get(Base64.getEncoder().encodeToString(sha256));
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    int sessionsOpened() {
        return sessionsOpened.get();
    }

    // --- the server -----------------------------------------------------------------------------------------

    private void start(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        }
        catch (IOException e) {
            throw new IllegalStateException("The stand-in cannot listen on port " + wanted, e);
        }
        port = server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    @Override
    public void close() {
        down();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String request = method + " " + path;
            requests.add(request);
            byte[] body = exchange.getRequestBody().readAllBytes();
            asked.set(new Object[] { method, path, body });
            if (unavailable) {
                send(exchange, 503, "text/plain", "Service Unavailable".getBytes(StandardCharsets.UTF_8));
                return;
            }
            int[] retry = limit.get();
            if (retry != null && limited.test(request) && limit.compareAndSet(retry, null)) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(retry[0]));
                ObjectNode status = json.createObjectNode();
                ObjectNode inner = status.putObject("status");
                inner.put("code", 429);
                inner.put("description", "Too Many Requests");
                inner.putArray("details").add("Przekroczono limit 30 żądań na minutę. Spróbuj ponownie po "
                        + retry[0] + " sekundach.");
                json(exchange, 429, status);
                return;
            }
            route(exchange, method, path, body);
        }
        catch (RuntimeException e) {
            send(exchange, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        }
        finally {
            asked.remove();
        }
    }

    private void route(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        String[] p = path.replaceFirst("^/v2/", "").split("/");
        if (method.equals("GET") && path.equals("/v2/security/public-key-certificates")) {
            certificates(exchange);
        }
        else if (method.equals("POST") && path.equals("/v2/auth/challenge")) {
            challenge(exchange);
        }
        else if (method.equals("POST") && path.equals("/v2/auth/ksef-token")) {
            ksefToken(exchange, json.readTree(body));
        }
        else if (method.equals("POST") && path.equals("/v2/auth/token/redeem")) {
            redeem(exchange);
        }
        else if (method.equals("POST") && path.equals("/v2/auth/token/refresh")) {
            refresh(exchange);
        }
        else if (method.equals("GET") && p.length == 2 && p[0].equals("auth")) {
            authStatus(exchange, p[1]);
        }
        else if (method.equals("POST") && path.equals("/v2/sessions/online")) {
            openSession(exchange, json.readTree(body));
        }
        else if (method.equals("POST") && p.length == 4 && p[0].equals("sessions") && p[1].equals("online")
                && p[3].equals("invoices")) {
            receive(exchange, p[2], json.readTree(body));
        }
        else if (method.equals("POST") && p.length == 4 && p[0].equals("sessions") && p[1].equals("online")
                && p[3].equals("close")) {
            closeSession(exchange, p[2]);
        }
        else if (method.equals("POST") && path.equals("/v2/sessions/batch")) {
            openBatch(exchange, json.readTree(body));
        }
        else if (method.equals("PUT") && path.startsWith("/storage/batch/")) {
            uploadPart(exchange, path.split("/")[3], Integer.parseInt(path.split("/")[4]), body);
        }
        else if (method.equals("POST") && p.length == 4 && p[0].equals("sessions") && p[1].equals("batch")
                && p[3].equals("close")) {
            closeBatch(exchange, p[2]);
        }
        else if (method.equals("GET") && p.length == 2 && p[0].equals("sessions")) {
            sessionStatus(exchange, p[1]);
        }
        else if (method.equals("GET") && p.length == 3 && p[0].equals("sessions") && p[2].equals("invoices")) {
            sessionInvoices(exchange, p[1]);
        }
        else if (method.equals("GET") && p.length == 4 && p[0].equals("sessions") && p[2].equals("invoices")) {
            invoiceStatus(exchange, p[1], p[3]);
        }
        else if (method.equals("GET") && p.length == 5 && p[0].equals("sessions") && p[2].equals("invoices")
                && p[4].equals("upo")) {
            upo(exchange, p[1], p[3], null);
        }
        else if (method.equals("GET") && p.length == 6 && p[0].equals("sessions") && p[2].equals("invoices")
                && p[3].equals("ksef") && p[5].equals("upo")) {
            upo(exchange, p[1], null, p[4]);
        }
        else {
            send(exchange, 404, "text/plain", new byte[0]);
        }
    }

    private void certificates(HttpExchange exchange) throws IOException {
        ArrayNode list = json.createArrayNode();
        list.add(certificate(tokenCertificate, tokenKeys, "KsefTokenEncryption"));
        list.add(certificate(symmetricCertificate, symmetricKeys, "SymmetricKeyEncryption"));
        json(exchange, 200, list);
    }

    private ObjectNode certificate(String der, KeyPair keys, String usage) {
        ObjectNode cert = json.createObjectNode();
        cert.put("certificate", der);
        cert.put("certificateId", b64(sha256(Base64.getDecoder().decode(der))));
        cert.put("publicKeyId", b64(sha256(keys.getPublic().getEncoded())));
        cert.put("validFrom", Instant.now().minus(Duration.ofDays(1)).toString());
        cert.put("validTo", Instant.now().plus(Duration.ofDays(730)).toString());
        cert.putArray("usage").add(usage);
        return cert;
    }

    private void challenge(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        String challenge = reference("CR");
        challenges.put(challenge, now.toEpochMilli());
        ObjectNode answer = json.createObjectNode();
        answer.put("challenge", challenge);
        answer.put("timestamp", now.toString());
        answer.put("timestampMs", now.toEpochMilli());
        answer.put("clientIp", "127.0.0.1");
        json(exchange, 200, answer);
    }

    private void ksefToken(HttpExchange exchange, JsonNode request) throws IOException {
        String challenge = request.path("challenge").asString();
        Long timestamp = challenges.remove(challenge);
        if (timestamp == null) {
            exception(exchange, 21111, "Nieprawidłowe wyzwanie autoryzacyjne.");
            return;
        }
        if (!b64(sha256(tokenKeys.getPublic().getEncoded())).equals(request.path("publicKeyId").asString())) {
            exception(exchange, 21470, "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
                    "Klucz o identyfikatorze " + request.path("publicKeyId").asString() + " nie jest wspierany.");
            return;
        }
        String plain = new String(rsa(tokenKeys, Base64.getDecoder().decode(request.path("encryptedToken")
                .asString())), StandardCharsets.UTF_8);
        int bar = plain.lastIndexOf('|');
        int code = 200;
        String description = "Uwierzytelnianie zakończone sukcesem";
        String detail = null;
        if (bar < 0 || !plain.substring(bar + 1).equals(String.valueOf(timestamp))) {
            code = 450;
            description = "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";
            detail = "Nieprawidłowy czas tokena";
        }
        else if (!plain.substring(0, bar).equals(validToken)) {
            code = 450;
            description = "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";
            detail = "Nieprawidłowy token";
        }
        else if (revoked) {
            code = 450;
            description = "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";
            detail = "Token unieważniony";
        }
        String reference = reference("AU");
        String operationToken = "op-" + HexFormat.of().formatHex(bytes(24));
        String nip = request.path("contextIdentifier").path("value").asString();
        operations.put(reference, new AuthOperation(operationToken, nip, code, description, detail,
                new boolean[1]));
        ObjectNode answer = json.createObjectNode();
        answer.put("referenceNumber", reference);
        ObjectNode token = answer.putObject("authenticationToken");
        token.put("token", operationToken);
        token.put("validUntil", Instant.now().plus(Duration.ofMinutes(15)).toString());
        json(exchange, 202, answer);
    }

    private AuthOperation operation(HttpExchange exchange) {
        String bearer = bearer(exchange);
        return operations.values().stream().filter(o -> o.operationToken().equals(bearer)).findFirst().orElse(null);
    }

    private void authStatus(HttpExchange exchange, String reference) throws IOException {
        AuthOperation operation = operations.get(reference);
        if (operation == null || !operation.operationToken().equals(bearer(exchange))) {
            unauthorized(exchange);
            return;
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("startDate", Instant.now().toString());
        answer.put("authenticationMethod", "Token");
        ObjectNode method = answer.putObject("authenticationMethodInfo");
        method.put("category", "Token");
        method.put("code", "token.ksef");
        method.put("displayName", "Token KSeF");
        ObjectNode status = answer.putObject("status");
        status.put("code", operation.code());
        status.put("description", operation.description());
        if (operation.detail() != null) {
            status.putArray("details").add(operation.detail());
        }
        json(exchange, 200, answer);
    }

    private void redeem(HttpExchange exchange) throws IOException {
        AuthOperation operation = operation(exchange);
        if (operation == null) {
            unauthorized(exchange);
            return;
        }
        if (operation.code() != 200) {
            exception(exchange, 21301, "Brak autoryzacji.", "Status uwierzytelniania (" + operation.code()
                    + ") nie pozwala na pobranie tokenów.");
            return;
        }
        synchronized (operation) {
            if (operation.redeemed()[0]) {
                exception(exchange, 21301, "Brak autoryzacji.", "Tokeny dla operacji uwierzytelniania zostały już pobrane.");
                return;
            }
            operation.redeemed()[0] = true;
        }
        String access = "access-" + HexFormat.of().formatHex(bytes(24));
        String refresh = "refresh-" + HexFormat.of().formatHex(bytes(24));
        accessTokens.put(access, operation.nip());
        refreshTokens.put(refresh, operation.nip());
        ObjectNode answer = json.createObjectNode();
        token(answer.putObject("accessToken"), access, Duration.ofMinutes(15));
        token(answer.putObject("refreshToken"), refresh, Duration.ofDays(7));
        json(exchange, 200, answer);
    }

    private void refresh(HttpExchange exchange) throws IOException {
        String nip = refreshTokens.get(bearer(exchange));
        if (nip == null || revoked) {
            exception(exchange, 21301, "Brak autoryzacji.", "Token KSeF został unieważniony.");
            return;
        }
        String access = "access-" + HexFormat.of().formatHex(bytes(24));
        accessTokens.put(access, nip);
        ObjectNode answer = json.createObjectNode();
        token(answer.putObject("accessToken"), access, Duration.ofMinutes(15));
        json(exchange, 200, answer);
    }

    private static void token(ObjectNode node, String token, Duration valid) {
        node.put("token", token);
        node.put("validUntil", Instant.now().plus(valid).toString());
    }

    /** The NIP an access token was given for, or null after answering 401 (as the real API does). */
    private String authorized(HttpExchange exchange) throws IOException {
        String nip = accessTokens.get(bearer(exchange));
        if (nip == null) {
            unauthorized(exchange);
        }
        return nip;
    }

    private void openSession(HttpExchange exchange, JsonNode request) throws IOException {
        String nip = authorized(exchange);
        if (nip == null) {
            return;
        }
        JsonNode form = request.path("formCode");
        if (!"FA (3)".equals(form.path("systemCode").asString()) || !"1-0E".equals(form.path("schemaVersion")
                .asString()) || !"FA".equals(form.path("value").asString())) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "Nieobsługiwany formCode.");
            return;
        }
        JsonNode encryption = request.path("encryption");
        if (!b64(sha256(symmetricKeys.getPublic().getEncoded())).equals(encryption.path("publicKeyId").asString())) {
            exception(exchange, 21470, "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.");
            return;
        }
        byte[] key = rsa(symmetricKeys, Base64.getDecoder().decode(encryption.path("encryptedSymmetricKey")
                .asString()));
        byte[] iv = Base64.getDecoder().decode(encryption.path("initializationVector").asString());
        if (key.length != 32 || iv.length != 16) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "Klucz 32 bajty, IV 16 bajtów.");
            return;
        }
        String reference = reference("SO");
        sessions.put(reference, new Session(reference, nip, key, iv, new CopyOnWriteArrayList<>(), new boolean[1]));
        sessionsOpened.incrementAndGet();
        ObjectNode answer = json.createObjectNode();
        answer.put("referenceNumber", reference);
        answer.put("validUntil", Instant.now().plus(Duration.ofHours(12)).toString());
        json(exchange, 201, answer);
    }

    private void receive(HttpExchange exchange, String sessionRef, JsonNode request) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        try {
            Thread.sleep(receiving.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Session session = sessions.get(sessionRef);
        if (session == null) {
            exception(exchange, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + sessionRef + " nie została odnaleziona.");
            return;
        }
        if (session.closed()[0]) {
            exception(exchange, 21180, "Status sesji nie pozwala na wykonanie operacji.",
                    "Status sesji 170 uniemożliwia wysyłkę faktur.");
            return;
        }
        byte[] encrypted = Base64.getDecoder().decode(request.path("encryptedInvoiceContent").asString());
        if (encrypted.length != request.path("encryptedInvoiceSize").asLong()) {
            exception(exchange, 21402, "Nieprawidłowy rozmiar pliku.", "Długość treści nie zgadza się z rozmiarem pliku.");
            return;
        }
        if (!b64(sha256(encrypted)).equals(request.path("encryptedInvoiceHash").asString())) {
            exception(exchange, 21403, "Nieprawidłowy skrót pliku.", "Skrót treści nie zgadza się ze skrótem pliku.");
            return;
        }
        String reference = reference("EE");
        int ordinal = session.invoices().size() + 1;
        session.invoices().add(reference);
        String hash = request.path("invoiceHash").asString();
        boolean offline = request.path("offlineMode").asBoolean(false);
        receipts.computeIfAbsent(hash, h -> new AtomicInteger()).incrementAndGet();
        offlineModes.put(hash, offline);
        Instant now = Instant.now();
        Received received;
        byte[] xml;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(session.key(), "AES"),
                    new javax.crypto.spec.IvParameterSpec(session.iv()));
            xml = cipher.doFinal(encrypted);
        }
        catch (Exception e) {
            xml = null;
        }
        if (xml == null) {
            received = status(session, reference, ordinal, hash, null, null, offline, 435,
                    "Błąd odszyfrowania pliku", List.of(), Map.of(), now);
        }
        else if (xml.length != request.path("invoiceSize").asLong() || !b64(sha256(xml)).equals(hash)) {
            received = status(session, reference, ordinal, hash, null, null, offline, 430,
                    "Błąd weryfikacji pliku faktury", List.of("Skrót lub rozmiar faktury nie zgadza się z treścią."),
                    Map.of(), now);
        }
        else {
            received = judge(session, reference, ordinal, hash, xml, offline, now);
        }
        invoices.put(reference, received);
        ObjectNode answer = json.createObjectNode();
        answer.put("referenceNumber", reference);
        json(exchange, 202, answer);
    }

    /** What KSeF decides of a readable invoice: a duplicate, a rejection the test asked for, or a KSeF number. */
    private Received judge(Session session, String reference, int ordinal, String hash, byte[] xml, boolean offline,
            Instant now) {
        Received received;
        List<String> schemaErrors = Fa3Schema.errors(xml);
        if (!schemaErrors.isEmpty()) {
            // KSeF checks every invoice against the official FA(3) schema; so does the stand-in
            received = status(session, reference, ordinal, hash, null, null, offline, 430,
                    "Błąd weryfikacji pliku faktury", schemaErrors.stream().limit(5).toList(), Map.of(), now);
        }
        else if (repository.containsKey(hash)) {
            Received original = repository.get(hash);
            received = status(session, reference, ordinal, hash, null, null, offline, 440, "Duplikat faktury",
                    List.of("Duplikat faktury. Faktura o numerze KSeF: " + original.ksefNumber()
                            + " została już prawidłowo przesłana do systemu w sesji: " + original.session()),
                    Map.of("originalSessionReferenceNumber", original.session(), "originalKsefNumber",
                            original.ksefNumber()),
                    now);
        }
        else if (!rejections.isEmpty()) {
            Object[] rejection = rejections.remove(0);
            @SuppressWarnings("unchecked")
            List<String> details = (List<String>) rejection[2];
            received = status(session, reference, ordinal, hash, null, null, offline, (Integer) rejection[0],
                    (String) rejection[1], details, Map.of(), now);
        }
        else {
            String text = new String(xml, StandardCharsets.UTF_8);
            Matcher nip = SELLER_NIP.matcher(text);
            String number = ksefNumber(nip.find() ? nip.group(1) : session.nip(), LocalDate.now(POLAND));
            Matcher p2 = Pattern.compile("<(?:\\w+:)?P_2>([^<]*)</").matcher(text);
            received = status(session, reference, ordinal, hash, p2.find() ? p2.group(1) : null, number, offline,
                    200, "Sukces", List.of(), Map.of(), now);
            repository.put(hash, received);
        }
        return received;
    }

    private static Received status(Session session, String reference, int ordinal, String hash, String number,
            String ksefNumber, boolean offline, int code, String description, List<String> details,
            Map<String, String> extensions, Instant when) {
        return new Received(session.reference(), reference, ordinal, hash, number, ksefNumber, offline, code,
                description, details, extensions, when);
    }

    private void invoiceStatus(HttpExchange exchange, String sessionRef, String reference) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Received received = invoices.get(reference);
        if (!sessions.containsKey(sessionRef) || received == null || !received.session().equals(sessionRef)) {
            exception(exchange, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + sessionRef + " nie została odnaleziona.");
            return;
        }
        json(exchange, 200, invoiceJson(received));
    }

    private ObjectNode invoiceJson(Received received) {
        ObjectNode answer = json.createObjectNode();
        answer.put("ordinalNumber", received.ordinal());
        if (received.invoiceNumber() != null) {
            answer.put("invoiceNumber", received.invoiceNumber());
        }
        answer.put("referenceNumber", received.reference());
        answer.put("invoiceHash", received.invoiceHash());
        answer.put("invoicingDate", received.invoicingDate().toString());
        answer.put("invoicingMode", received.offline() ? "Offline" : "Online");
        ObjectNode status = answer.putObject("status");
        if (holding) {
            status.put("code", 150);
            status.put("description", "Trwa przetwarzanie");
        }
        else {
            if (received.ksefNumber() != null) {
                answer.put("ksefNumber", received.ksefNumber());
                answer.put("acquisitionDate", received.invoicingDate().toString());
                answer.put("upoDownloadUrl", baseUrl() + "/storage/upo/" + received.reference());
            }
            status.put("code", received.code());
            status.put("description", received.description());
            if (!received.details().isEmpty()) {
                ArrayNode details = status.putArray("details");
                received.details().forEach(details::add);
            }
            if (!received.extensions().isEmpty()) {
                ObjectNode extensions = status.putObject("extensions");
                received.extensions().forEach(extensions::put);
            }
        }
        return answer;
    }

    private void upo(HttpExchange exchange, String sessionRef, String reference, String ksefNumber)
            throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Received received = reference != null ? invoices.get(reference)
                : repository.values().stream().filter(r -> r.ksefNumber().equals(ksefNumber)
                        && r.session().equals(sessionRef)).findFirst().orElse(null);
        if (received == null || received.ksefNumber() == null || holding) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "UPO nie jest dostępne.");
            return;
        }
        String upo = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3">
                  <NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów (stand-in)</NazwaPodmiotuPrzyjmujacego>
                  <NumerReferencyjnySesji>%s</NumerReferencyjnySesji>
                  <Dokument>
                    <NumerKSeFDokumentu>%s</NumerKSeFDokumentu>
                    <NumerFaktury>%s</NumerFaktury>
                    <DataPrzeslaniaDokumentu>%s</DataPrzeslaniaDokumentu>
                    <SkrotDokumentu>%s</SkrotDokumentu>
                  </Dokument>
                </Potwierdzenie>
                """.formatted(received.session(), received.ksefNumber(), received.invoiceNumber(),
                received.invoicingDate(), received.invoiceHash());
        byte[] bytes = upo.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-ms-meta-hash", b64(sha256(bytes)));
        send(exchange, 200, "application/xml", bytes);
    }

    /** A batch session's declared parts, what was uploaded, and whether it is in offline mode. */
    private record BatchInfo(boolean offline, long zipSize, String zipHash, Map<Integer, long[]> declaredSizes,
            Map<Integer, String> declaredHashes, Map<Integer, byte[]> uploaded) {
    }

    private final Map<String, BatchInfo> batches = new ConcurrentHashMap<>();
    private final AtomicInteger batchesOpened = new AtomicInteger();

    int batchesOpened() {
        return batchesOpened.get();
    }

    private void openBatch(HttpExchange exchange, JsonNode request) throws IOException {
        String nip = authorized(exchange);
        if (nip == null) {
            return;
        }
        JsonNode form = request.path("formCode");
        JsonNode file = request.path("batchFile");
        JsonNode encryption = request.path("encryption");
        if (!"FA (3)".equals(form.path("systemCode").asString()) || !file.has("fileHash")
                || file.path("fileParts").isEmpty()) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "Nieprawidłowe dane paczki.");
            return;
        }
        if (!b64(sha256(symmetricKeys.getPublic().getEncoded())).equals(encryption.path("publicKeyId").asString())) {
            exception(exchange, 21470, "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.");
            return;
        }
        byte[] key = rsa(symmetricKeys, Base64.getDecoder().decode(encryption.path("encryptedSymmetricKey")
                .asString()));
        byte[] iv = Base64.getDecoder().decode(encryption.path("initializationVector").asString());
        String reference = reference("SB");
        sessions.put(reference, new Session(reference, nip, key, iv, new CopyOnWriteArrayList<>(), new boolean[1]));
        Map<Integer, long[]> sizes = new ConcurrentHashMap<>();
        Map<Integer, String> hashes = new ConcurrentHashMap<>();
        ObjectNode answer = json.createObjectNode();
        answer.put("referenceNumber", reference);
        ArrayNode uploads = answer.putArray("partUploadRequests");
        for (JsonNode part : file.path("fileParts")) {
            int ordinal = part.path("ordinalNumber").asInt();
            sizes.put(ordinal, new long[] { part.path("fileSize").asLong() });
            hashes.put(ordinal, part.path("fileHash").asString());
            ObjectNode upload = uploads.addObject();
            upload.put("ordinalNumber", ordinal);
            upload.put("method", "PUT");
            upload.put("url", "http://127.0.0.1:" + port + "/storage/batch/" + reference + "/" + ordinal);
            upload.putObject("headers").put("x-ms-blob-type", "BlockBlob");
        }
        batches.put(reference, new BatchInfo(request.path("offlineMode").asBoolean(false),
                file.path("fileSize").asLong(), file.path("fileHash").asString(), sizes, hashes,
                new ConcurrentHashMap<>()));
        batchesOpened.incrementAndGet();
        json(exchange, 201, answer);
    }

    private void uploadPart(HttpExchange exchange, String reference, int ordinal, byte[] body) throws IOException {
        BatchInfo batch = batches.get(reference);
        if (batch == null || !batch.declaredHashes().containsKey(ordinal)
                || batch.declaredSizes().get(ordinal)[0] != body.length
                || !batch.declaredHashes().get(ordinal).equals(b64(sha256(body)))) {
            send(exchange, 400, "text/plain", "part does not match its declaration".getBytes(StandardCharsets.UTF_8));
            return;
        }
        batch.uploaded().put(ordinal, body);
        send(exchange, 201, "text/plain", new byte[0]);
    }

    private void closeBatch(HttpExchange exchange, String reference) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Session session = sessions.get(reference);
        BatchInfo batch = batches.get(reference);
        if (session == null || batch == null) {
            exception(exchange, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + reference + " nie została odnaleziona.");
            return;
        }
        synchronized (session) {
            if (session.closed()[0]) {
                exception(exchange, 21180, "Status sesji nie pozwala na wykonanie operacji.",
                        "Status sesji 200 uniemożliwia jej zamknięcie.");
                return;
            }
            session.closed()[0] = true;
        }
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        for (int ordinal = 1; ordinal <= batch.declaredHashes().size(); ordinal++) {
            byte[] part = batch.uploaded().get(ordinal);
            if (part == null) {
                exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "Nie przesłano części " + ordinal);
                return;
            }
            zip.writeBytes(aes(session, part));
        }
        byte[] whole = zip.toByteArray();
        if (whole.length != batch.zipSize() || !b64(sha256(whole)).equals(batch.zipHash())) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.", "Skrót paczki nie zgadza się.");
            return;
        }
        Instant now = Instant.now();
        try (java.util.zip.ZipInputStream entries = new java.util.zip.ZipInputStream(
                new ByteArrayInputStream(whole))) {
            for (java.util.zip.ZipEntry entry; (entry = entries.getNextEntry()) != null;) {
                byte[] xml = entries.readAllBytes();
                String hash = b64(sha256(xml));
                receipts.computeIfAbsent(hash, h -> new AtomicInteger()).incrementAndGet();
                offlineModes.put(hash, batch.offline());
                String invoiceRef = reference("EE");
                session.invoices().add(invoiceRef);
                Received received = judge(session, invoiceRef, session.invoices().size(), hash, xml,
                        batch.offline(), now);
                invoices.put(invoiceRef, received);
            }
        }
        send(exchange, 204, "application/json", new byte[0]);
    }

    private void sessionStatus(HttpExchange exchange, String reference) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Session session = sessions.get(reference);
        if (session == null) {
            exception(exchange, 21405, "Błąd walidacji danych wejściowych.",
                    "Sesja o numerze referencyjnym " + reference + " nie została odnaleziona.");
            return;
        }
        List<Received> in = session.invoices().stream().map(invoices::get).filter(r -> r != null).toList();
        ObjectNode answer = json.createObjectNode();
        ObjectNode status = answer.putObject("status");
        boolean batch = batches.containsKey(reference);
        status.put("code", !session.closed()[0] ? 100 : batch ? 200 : 170);
        status.put("description", !session.closed()[0] ? "Sesja otwarta" : batch
                ? "Sesja wsadowa przetworzona pomyślnie" : "Sesja interaktywna zamknięta");
        answer.put("dateCreated", Instant.now().toString());
        answer.put("dateUpdated", Instant.now().toString());
        answer.put("invoiceCount", in.size());
        answer.put("successfulInvoiceCount", in.stream().filter(r -> r.code() == 200).count());
        answer.put("failedInvoiceCount", in.stream().filter(r -> r.code() >= 400).count());
        json(exchange, 200, answer);
    }

    private void sessionInvoices(HttpExchange exchange, String reference) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Session session = sessions.get(reference);
        if (session == null) {
            exception(exchange, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + reference + " nie została odnaleziona.");
            return;
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode list = answer.putArray("invoices");
        session.invoices().stream().map(invoices::get).filter(r -> r != null).forEach(r -> list.add(invoiceJson(r)));
        json(exchange, 200, answer);
    }

    private static byte[] aes(Session session, byte[] encrypted) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(session.key(), "AES"),
                    new javax.crypto.spec.IvParameterSpec(session.iv()));
            return cipher.doFinal(encrypted);
        }
        catch (Exception e) {
            throw new IllegalStateException("AES-256-CBC decryption failed", e);
        }
    }

    private void closeSession(HttpExchange exchange, String reference) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Session session = sessions.get(reference);
        if (session == null) {
            exception(exchange, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + reference + " nie została odnaleziona.");
            return;
        }
        synchronized (session) {
            if (session.closed()[0]) {
                exception(exchange, 21180, "Status sesji nie pozwala na wykonanie operacji.",
                        "Status sesji 170 uniemożliwia jej zamknięcie.");
                return;
            }
            session.closed()[0] = true;
        }
        send(exchange, 204, "application/json", new byte[0]);
    }

    // --- answers --------------------------------------------------------------------------------------------

    /** 400 as the OpenAPI document's ExceptionResponse. */
    private void exception(HttpExchange exchange, int code, String description, String... details)
            throws IOException {
        ObjectNode answer = json.createObjectNode();
        ObjectNode exception = answer.putObject("exception");
        ObjectNode detail = exception.putArray("exceptionDetailList").addObject();
        detail.put("exceptionCode", code);
        detail.put("exceptionDescription", description);
        ArrayNode list = detail.putArray("details");
        for (String d : details) {
            list.add(d);
        }
        exception.put("referenceNumber", java.util.UUID.randomUUID().toString());
        exception.put("serviceCode", "00-" + HexFormat.of().formatHex(bytes(16)) + "-00");
        exception.put("serviceCtx", "srvKLIENT");
        exception.put("serviceName", "Undefined");
        exception.put("timestamp", Instant.now().toString());
        json(exchange, 400, answer);
    }

    /** 401 as UnauthorizedProblemDetails. */
    private void unauthorized(HttpExchange exchange) throws IOException {
        ObjectNode answer = json.createObjectNode();
        answer.put("title", "Unauthorized");
        answer.put("status", 401);
        answer.put("detail", "Wymagane jest uwierzytelnienie.");
        answer.put("instance", exchange.getRequestURI().getPath());
        answer.put("timestamp", Instant.now().toString());
        send(exchange, 401, "application/problem+json", json.writeValueAsBytes(answer));
    }

    private void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Object[] request = asked.get();
        if (request != null) {
            exchanges.add(new Exchange((String) request[0], (String) request[1], (byte[]) request[2], status, type,
                    body));
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
    }

    // --- numbers, keys, certificates ------------------------------------------------------------------------

    /** A reference number of 36 characters as KSeF gives them: 20250625-SO-2C3E6C8000-B675CF5D68-07. */
    private static String reference(String kind) {
        String hex = HexFormat.of().withUpperCase().formatHex(bytes(11));
        return LocalDate.now(POLAND).format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + kind + "-" + hex.substring(0, 10)
                + "-" + hex.substring(10, 20) + "-" + hex.substring(20, 22);
    }

    /** faktury/numer-ksef.md: NIP-RRRRMMDD-12 hex digits-CRC-8 (polynomial 0x07, initial 0x00) of the first 32. */
    static String ksefNumber(String nip, LocalDate date) {
        String data = nip + "-" + date.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + HexFormat.of().withUpperCase().formatHex(bytes(6));
        return data + "-" + "%02X".formatted(crc8(data.getBytes(StandardCharsets.US_ASCII)));
    }

    static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }


    private static byte[] rsa(KeyPair keys, byte[] encrypted) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), KsefCrypto.OAEP);
            return cipher.doFinal(encrypted);
        }
        catch (Exception e) {
            throw new IllegalStateException("RSA-OAEP (SHA-256, MGF1 SHA-256) decryption failed", e);
        }
    }

    /** A self-signed X.509 certificate (DER, Base64) for a key pair, built with BouncyCastle's ASN.1 classes. */
    private static String selfSigned(KeyPair keys, String usage) throws Exception {
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption,
                DERNull.INSTANCE);
        X500Name name = new X500Name("CN=Ministerstwo Finansów (stand-in " + usage + "), O=Klient tests, C=PL");
        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(new BigInteger(64, RANDOM)));
        generator.setSignature(algorithm);
        generator.setIssuer(name);
        generator.setSubject(name);
        generator.setStartDate(new Time(Date.from(Instant.now().minus(Duration.ofDays(1)))));
        generator.setEndDate(new Time(Date.from(Instant.now().plus(Duration.ofDays(730)))));
        generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        TBSCertificate tbs = generator.generateTBSCertificate();
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(tbs.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(tbs);
        certificate.add(algorithm);
        certificate.add(new DERBitString(signature.sign()));
        return Base64.getEncoder().encodeToString(new DERSequence(certificate).getEncoded(ASN1Encoding.DER));
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static List<String> lines(String text) {
        return text == null ? List.of() : new ArrayList<>(List.of(text.split("\n")));
    }
}
