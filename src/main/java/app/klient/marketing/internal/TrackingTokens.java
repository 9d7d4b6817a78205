package app.klient.marketing.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs what Klient puts in links it sends out (tracking pixels, clicks, unsubscribe, consent confirmation) with a
 * key kept in the database (HMAC-SHA256), so that every node accepts the links of every other and nobody can make a
 * link for a recipient, a campaign or an address they were not sent. A token names the message it came with
 * ({@link Ref}: what sent it, which one, to whom) and nothing readable about the person.
 */
@Component
public class TrackingTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int SIGNATURE_BYTES = 16;

    /** What sent a message: a campaign, a journey, a consent confirmation, a test send. */
    public enum Source {
        CAMPAIGN('C'), JOURNEY('J'), CONFIRMATION('K'), TEST('T');

        final char code;

        Source(char code) {
            this.code = code;
        }

        static Optional<Source> of(char code) {
            for (Source s : values()) {
                if (s.code == code) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** One message: its source, the source's id (a campaign's, a journey's, a consent's) and the contact's id. */
    public record Ref(Source source, long sourceId, long contactId) {
    }

    private final JdbcClient jdbc;
    private volatile byte[] key;

    TrackingTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A short token for the message, safe in a URL path. */
    public String token(Ref ref) {
        ByteBuffer payload = ByteBuffer.allocate(17);
        payload.put((byte) ref.source().code).putLong(ref.sourceId()).putLong(ref.contactId());
        byte[] bytes = payload.array();
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /** The message a token names; empty when it is malformed or its signature is not ours. */
    public Optional<Ref> read(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (bytes.length != 17 || !MessageDigest.isEqual(signature, mac(bytes))) {
                return Optional.empty();
            }
            ByteBuffer payload = ByteBuffer.wrap(bytes);
            char code = (char) payload.get();
            long sourceId = payload.getLong();
            long contactId = payload.getLong();
            return Source.of(code).map(source -> new Ref(source, sourceId, contactId));
        }
        catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** A signature over several values (a token and the address a click goes to, say), safe in a URL. */
    public String sign(String... values) {
        return B64.encodeToString(mac(String.join("\n", values).getBytes(StandardCharsets.UTF_8)));
    }

    public boolean verify(String signature, String... values) {
        if (signature == null || signature.length() > 100) {
            return false;
        }
        try {
            return MessageDigest.isEqual(B64D.decode(signature),
                    mac(String.join("\n", values).getBytes(StandardCharsets.UTF_8)));
        }
        catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] full = mac.doFinal(data);
            return java.util.Arrays.copyOf(full, SIGNATURE_BYTES);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // the first node to get here makes the key; every other node reads the one that was stored
            jdbc.sql("insert into marketing_keys (id, signing_key) values (1, :key) on conflict (id) do nothing")
                    .param("key", fresh).update();
            known = jdbc.sql("select signing_key from marketing_keys where id = 1").query(byte[].class).single();
            key = known;
        }
        return known;
    }
}
