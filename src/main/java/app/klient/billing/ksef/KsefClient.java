package app.klient.billing.ksef;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * KSeF API 2.0 as its OpenAPI document defines it, for what Klient does: authenticate with a KSeF token, open an
 * interactive session, send invoices, read their status and UPO, close the session. Each call goes to the base URL
 * it is given ({@link KsefEndpoint}); every answer that is not the documented success becomes a {@link Failure}
 * saying what the caller should do about it. The KSeF token and the access tokens are never logged or put into an
 * exception message.
 */
@Component
public class KsefClient {

    /** FA(3) as {@code POST /sessions/online} names it (OpenOnlineSessionRequest.formCode). */
    static final String SYSTEM_CODE = "FA (3)";
    static final String SCHEMA_VERSION = "1-0E";
    static final String FORM_VALUE = "FA";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    KsefClient(JsonMapper json) {
        this.json = json;
    }

    /** What went wrong, sorted by what to do about it. */
    public enum Kind {
        /** No connection, a timeout or a 5xx: KSeF is unavailable, try again later (offline mode). */
        UNAVAILABLE,
        /** 429: wait {@code retryAfter}, nothing is wrong with the request. */
        RATE_LIMITED,
        /** The KSeF token was refused (wrong, revoked, inactive) or the access token is no longer good. */
        TOKEN_REFUSED,
        /** Authenticated, but the token has no right to send invoices in this context. */
        NO_PERMISSION,
        /** 401 on a call with an access token: authenticate again. */
        UNAUTHORIZED,
        /** The session is unknown to KSeF or in a state that takes nothing more (21173, 21180). */
        SESSION_GONE,
        /** The public key Klient used is no longer accepted (21470): fetch the certificates again. */
        UNKNOWN_KEY,
        /** Any other refusal of the request (400), with KSeF's code and words. */
        REFUSED
    }

    /** A call that did not succeed; {@code code} and {@code description} as KSeF sent them (null without). */
    public static final class Failure extends RuntimeException {

        private final Kind kind;
        private final int httpStatus;
        private final Integer code;
        private final String description;
        private final List<String> details;
        private final Duration retryAfter;

        Failure(Kind kind, int httpStatus, Integer code, String description, List<String> details,
                Duration retryAfter) {
            super(kind + " (HTTP " + httpStatus + (code == null ? "" : ", code " + code) + ")"
                    + (description == null ? "" : ": " + description));
            this.kind = kind;
            this.httpStatus = httpStatus;
            this.code = code;
            this.description = description;
            this.details = details == null ? List.of() : List.copyOf(details);
            this.retryAfter = retryAfter;
        }

        public Kind kind() {
            return kind;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public Integer code() {
            return code;
        }

        public String description() {
            return description;
        }

        public List<String> details() {
            return details;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The Ministry's public keys (GET /security/public-key-certificates), one per usage. */
    record Keys(PublicKey token, String tokenKeyId, PublicKey symmetric, String symmetricKeyId) {
    }

    /** The pair of tokens redeemed after authentication; the refresh token renews the access token. */
    record Tokens(String accessToken, Instant accessValidUntil, String refreshToken, Instant refreshValidUntil) {

        @Override
        public String toString() {
            return "Tokens[access until " + accessValidUntil + ", refresh until " + refreshValidUntil + "]";
        }
    }

    /** A status as KSeF words it (StatusInfo / InvoiceStatusInfo). */
    record Status(int code, String description, List<String> details, Map<String, String> extensions) {
    }

    /** GET /sessions/{ref}/invoices/{invoiceRef}: SessionInvoiceStatusResponse, the parts Klient keeps. */
    record InvoiceState(String referenceNumber, String ksefNumber, String invoicingMode, Status status) {
    }

    Keys keys(String base) {
        JsonNode list = call(base, "GET", "/security/public-key-certificates", null, null, 200);
        Instant now = Instant.now();
        JsonNode token = newest(list, "KsefTokenEncryption", now);
        JsonNode symmetric = newest(list, "SymmetricKeyEncryption", now);
        if (token == null || symmetric == null) {
            throw new Failure(Kind.UNAVAILABLE, 200, null, "no valid public key certificate", null, null);
        }
        return new Keys(publicKey(token), text(token, "publicKeyId"), publicKey(symmetric),
                text(symmetric, "publicKeyId"));
    }

    /** The certificate for a usage valid now, the latest validFrom first (bezpieczenstwo/klucze-publiczne...md 4.1). */
    private static JsonNode newest(JsonNode list, String usage, Instant now) {
        JsonNode best = null;
        for (JsonNode cert : list) {
            boolean forUsage = false;
            for (JsonNode u : cert.path("usage")) {
                forUsage |= usage.equals(u.asString());
            }
            Instant from = instant(cert, "validFrom");
            Instant to = instant(cert, "validTo");
            if (!forUsage || (from != null && from.isAfter(now)) || (to != null && to.isBefore(now))) {
                continue;
            }
            if (best == null || (from != null && instant(best, "validFrom") != null
                    && from.isAfter(instant(best, "validFrom")))) {
                best = cert;
            }
        }
        return best;
    }

    private static PublicKey publicKey(JsonNode cert) {
        X509Certificate certificate = KsefCrypto.certificate(text(cert, "certificate"));
        return certificate.getPublicKey();
    }

    /**
     * Authentication with a KSeF token (uwierzytelnianie.md 2.2): challenge, the token and the challenge's time in
     * milliseconds encrypted with the Ministry's key, the operation polled until done, the tokens redeemed.
     */
    Tokens authenticate(String base, Keys keys, String nip, String ksefToken) {
        JsonNode challenge = call(base, "POST", "/auth/challenge", null, null, 200);
        long timestampMs = challenge.path("timestampMs").asLong(0);
        if (timestampMs == 0) {
            timestampMs = OffsetDateTime.parse(text(challenge, "timestamp")).toInstant().toEpochMilli();
        }
        byte[] encrypted = KsefCrypto.rsaOaep(keys.token(),
                (ksefToken + "|" + timestampMs).getBytes(StandardCharsets.UTF_8));
        ObjectNode request = json.createObjectNode();
        request.put("challenge", text(challenge, "challenge"));
        ObjectNode context = request.putObject("contextIdentifier");
        context.put("type", "Nip");
        context.put("value", nip);
        request.put("encryptedToken", KsefCrypto.base64(encrypted));
        request.put("publicKeyId", keys.tokenKeyId());
        JsonNode init = call(base, "POST", "/auth/ksef-token", null, request, 202);
        String reference = text(init, "referenceNumber");
        String operationToken = text(init.path("authenticationToken"), "token");
        Status status = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            JsonNode answer = call(base, "GET", "/auth/" + reference, operationToken, null, 200);
            status = status(answer.path("status"));
            if (status.code() != 100) {
                break;
            }
            pause(Duration.ofMillis(Math.min(2000, 200L * (attempt + 1))));
        }
        if (status.code() == 100) {
            throw new Failure(Kind.UNAVAILABLE, 200, 100, status.description(), status.details(), null);
        }
        if (status.code() != 200) {
            Kind kind = status.code() == 415 ? Kind.NO_PERMISSION
                    : status.code() == 500 || status.code() == 550 ? Kind.UNAVAILABLE : Kind.TOKEN_REFUSED;
            throw new Failure(kind, 200, status.code(), status.description(), status.details(), null);
        }
        JsonNode tokens = call(base, "POST", "/auth/token/redeem", operationToken, null, 200);
        return new Tokens(text(tokens.path("accessToken"), "token"), instant(tokens.path("accessToken"), "validUntil"),
                text(tokens.path("refreshToken"), "token"), instant(tokens.path("refreshToken"), "validUntil"));
    }

    /** A new access token for the refresh token (POST /auth/token/refresh). */
    Tokens refresh(String base, Tokens tokens) {
        JsonNode answer = call(base, "POST", "/auth/token/refresh", tokens.refreshToken(), null, 200);
        return new Tokens(text(answer.path("accessToken"), "token"), instant(answer.path("accessToken"), "validUntil"),
                tokens.refreshToken(), tokens.refreshValidUntil());
    }

    /** Opens an interactive session for FA(3) with the session's AES key; answers its reference number. */
    String openOnline(String base, String accessToken, Keys keys, KsefCrypto.SessionKey key) {
        ObjectNode request = json.createObjectNode();
        ObjectNode form = request.putObject("formCode");
        form.put("systemCode", SYSTEM_CODE);
        form.put("schemaVersion", SCHEMA_VERSION);
        form.put("value", FORM_VALUE);
        ObjectNode encryption = request.putObject("encryption");
        encryption.put("encryptedSymmetricKey", KsefCrypto.base64(KsefCrypto.rsaOaep(keys.symmetric(), key.key())));
        encryption.put("initializationVector", KsefCrypto.base64(key.iv()));
        encryption.put("publicKeyId", keys.symmetricKeyId());
        return text(call(base, "POST", "/sessions/online", accessToken, request, 201), "referenceNumber");
    }

    /** Sends one invoice into a session; answers the invoice's reference number. */
    String send(String base, String accessToken, String session, KsefCrypto.SessionKey key, byte[] xml,
            boolean offline) {
        byte[] encrypted = key.encrypt(xml);
        ObjectNode request = json.createObjectNode();
        request.put("invoiceHash", KsefCrypto.base64(KsefCrypto.sha256(xml)));
        request.put("invoiceSize", (long) xml.length);
        request.put("encryptedInvoiceHash", KsefCrypto.base64(KsefCrypto.sha256(encrypted)));
        request.put("encryptedInvoiceSize", (long) encrypted.length);
        request.put("encryptedInvoiceContent", KsefCrypto.base64(encrypted));
        request.put("offlineMode", offline);
        return text(call(base, "POST", "/sessions/online/" + session + "/invoices", accessToken, request, 202),
                "referenceNumber");
    }

    InvoiceState invoiceState(String base, String accessToken, String session, String invoice) {
        JsonNode answer = call(base, "GET", "/sessions/" + session + "/invoices/" + invoice, accessToken, null, 200);
        return new InvoiceState(text(answer, "referenceNumber"), text(answer, "ksefNumber"),
                text(answer, "invoicingMode"), status(answer.path("status")));
    }

    /** The UPO of an accepted invoice, the XML as KSeF sent it. */
    byte[] upo(String base, String accessToken, String session, String invoice) {
        HttpResponse<byte[]> response = exchange(base, "GET", "/sessions/" + session + "/invoices/" + invoice + "/upo",
                accessToken, null, "application/xml");
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return response.body();
    }

    /** The UPO of an invoice by its KSeF number, in the session that took it (for a duplicate's original). */
    byte[] upoByNumber(String base, String accessToken, String session, String ksefNumber) {
        HttpResponse<byte[]> response = exchange(base, "GET",
                "/sessions/" + session + "/invoices/ksef/" + ksefNumber + "/upo", accessToken, null, "application/xml");
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return response.body();
    }

    /** Where and how to upload one encrypted part of a batch (PartUploadRequest). */
    record Upload(int ordinalNumber, String method, String url, Map<String, String> headers) {
    }

    record Batch(String referenceNumber, List<Upload> uploads) {
    }

    /**
     * Opens a batch session (sesja-wsadowa.md) for one ZIP of invoices sent as one encrypted part: the ZIP's size and
     * hash before encryption, the part's after it, the session's AES key encrypted with the Ministry's key.
     */
    Batch openBatch(String base, String accessToken, Keys keys, KsefCrypto.SessionKey key, byte[] zip,
            byte[] encryptedPart, boolean offline) {
        ObjectNode request = json.createObjectNode();
        ObjectNode form = request.putObject("formCode");
        form.put("systemCode", SYSTEM_CODE);
        form.put("schemaVersion", SCHEMA_VERSION);
        form.put("value", FORM_VALUE);
        ObjectNode file = request.putObject("batchFile");
        file.put("fileSize", (long) zip.length);
        file.put("fileHash", KsefCrypto.base64(KsefCrypto.sha256(zip)));
        ObjectNode part = file.putArray("fileParts").addObject();
        part.put("ordinalNumber", 1);
        part.put("fileSize", (long) encryptedPart.length);
        part.put("fileHash", KsefCrypto.base64(KsefCrypto.sha256(encryptedPart)));
        ObjectNode encryption = request.putObject("encryption");
        encryption.put("encryptedSymmetricKey", KsefCrypto.base64(KsefCrypto.rsaOaep(keys.symmetric(), key.key())));
        encryption.put("initializationVector", KsefCrypto.base64(key.iv()));
        encryption.put("publicKeyId", keys.symmetricKeyId());
        request.put("offlineMode", offline);
        JsonNode answer = call(base, "POST", "/sessions/batch", accessToken, request, 201);
        List<Upload> uploads = new ArrayList<>();
        for (JsonNode u : answer.path("partUploadRequests")) {
            Map<String, String> headers = new LinkedHashMap<>();
            u.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
            uploads.add(new Upload(u.path("ordinalNumber").asInt(), text(u, "method"), text(u, "url"), headers));
        }
        return new Batch(text(answer, "referenceNumber"), uploads);
    }

    /** Uploads a part where KSeF said, without the access token (the address carries its own permission). */
    void upload(Upload upload, byte[] part) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.url())).timeout(CALL_TIMEOUT)
                .method(upload.method() == null ? "PUT" : upload.method(),
                        HttpRequest.BodyPublishers.ofByteArray(part));
        upload.headers().forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new Failure(Kind.UNAVAILABLE, 0, null, e.getClass().getSimpleName(), null, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Kind.UNAVAILABLE, 0, null, "interrupted", null, null);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
    }

    void closeBatch(String base, String accessToken, String session) {
        call(base, "POST", "/sessions/batch/" + session + "/close", accessToken, null, 204);
    }

    /** GET /sessions/{ref}: the session's status code (100 open, 150 processing, 200 done, 4xx failed). */
    Status sessionStatus(String base, String accessToken, String session) {
        return status(call(base, "GET", "/sessions/" + session, accessToken, null, 200).path("status"));
    }

    /** The invoices KSeF has in a session, page by page, keyed by the Base64 SHA-256 of each invoice. */
    Map<String, InvoiceState> sessionInvoices(String base, String accessToken, String session) {
        Map<String, InvoiceState> byHash = new LinkedHashMap<>();
        String continuation = null;
        do {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/sessions/" + session
                    + "/invoices?pageSize=1000")).timeout(CALL_TIMEOUT).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + accessToken).GET();
            if (continuation != null) {
                request.header("x-continuation-token", continuation);
            }
            HttpResponse<byte[]> response = send(request.build());
            if (response.statusCode() != 200) {
                throw failure(response);
            }
            JsonNode page = json.readTree(response.body());
            for (JsonNode invoice : page.path("invoices")) {
                byHash.put(text(invoice, "invoiceHash"), new InvoiceState(text(invoice, "referenceNumber"),
                        text(invoice, "ksefNumber"), text(invoice, "invoicingMode"), status(invoice.path("status"))));
            }
            continuation = text(page, "continuationToken");
        }
        while (continuation != null && !continuation.isBlank());
        return byHash;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new Failure(Kind.UNAVAILABLE, 0, null, e.getClass().getSimpleName(), null, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Kind.UNAVAILABLE, 0, null, "interrupted", null, null);
        }
    }

    void close(String base, String accessToken, String session) {
        call(base, "POST", "/sessions/online/" + session + "/close", accessToken, null, 204);
    }

    private JsonNode call(String base, String method, String path, String bearer, JsonNode body, int expected) {
        HttpResponse<byte[]> response = exchange(base, method, path, bearer, body, "application/json");
        if (response.statusCode() != expected) {
            throw failure(response);
        }
        if (response.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(response.body());
        }
        catch (JacksonException e) {
            throw new Failure(Kind.UNAVAILABLE, response.statusCode(), null, "an answer that is not JSON", null, null);
        }
    }

    private HttpResponse<byte[]> exchange(String base, String method, String path, String bearer, JsonNode body,
            String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT)
                .header("Accept", accept);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            // connection refused, reset, timed out (HttpTimeoutException is an IOException): KSeF is unreachable
            throw new Failure(Kind.UNAVAILABLE, 0, null, e.getClass().getSimpleName(), null, null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Kind.UNAVAILABLE, 0, null, "interrupted", null, null);
        }
    }

    /** An answer other than the documented success, read as ExceptionResponse (or problem details for 401/403). */
    private Failure failure(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 429) {
            long seconds = response.headers().firstValue("Retry-After").map(KsefClient::seconds).orElse(60L);
            return new Failure(Kind.RATE_LIMITED, status, 429, "Too Many Requests", null,
                    Duration.ofSeconds(Math.max(1, seconds)));
        }
        if (status >= 500 || status == 0) {
            return new Failure(Kind.UNAVAILABLE, status, null, null, null, null);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        }
        catch (JacksonException e) {
            body = json.createObjectNode();
        }
        if (status == 401) {
            return new Failure(Kind.UNAUTHORIZED, status, null, text(body, "detail"), null, null);
        }
        if (status == 403) {
            return new Failure(Kind.NO_PERMISSION, status, null, text(body, "detail"), null, null);
        }
        if (status == 404 || status == 410) {
            return new Failure(Kind.SESSION_GONE, status, null, text(body, "detail"), null, null);
        }
        JsonNode first = body.path("exception").path("exceptionDetailList").path(0);
        Integer code = first.has("exceptionCode") ? first.get("exceptionCode").asInt() : null;
        String description = text(first, "exceptionDescription");
        List<String> details = new ArrayList<>();
        first.path("details").forEach(d -> details.add(d.asString()));
        Kind kind = code == null ? Kind.REFUSED : switch (code) {
            case 21173, 21180, 21155 -> Kind.SESSION_GONE;
            case 21470 -> Kind.UNKNOWN_KEY;
            case 21301, 21304, 21111 -> Kind.TOKEN_REFUSED;
            default -> Kind.REFUSED;
        };
        return new Failure(kind, status, code, description, details, null);
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        }
        catch (NumberFormatException e) {
            return 60;
        }
    }

    private static Status status(JsonNode node) {
        List<String> details = new ArrayList<>();
        node.path("details").forEach(d -> details.add(d.asString()));
        Map<String, String> extensions = new LinkedHashMap<>();
        node.path("extensions").properties().forEach(e -> extensions.put(e.getKey(), e.getValue().asString()));
        return new Status(node.path("code").asInt(), text(node, "description"), details, extensions);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Kind.UNAVAILABLE, 0, null, "interrupted", null, null);
        }
    }
}
