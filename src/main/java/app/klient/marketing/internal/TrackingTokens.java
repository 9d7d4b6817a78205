package app.klient.marketing.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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
    private static final int NONCE_BYTES = 12;
    private static final byte[] VISITOR = "klient visitor mark v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What sent a message: a campaign, a journey, a consent confirmation, a test send or a preview. A TEST token
     * names nobody (contact 0): its links show what a recipient would see and change nothing.
     */
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

    private final app.klient.platform.SigningKeys keys;
    private volatile SecretKeySpec visitorKey;

    TrackingTokens(app.klient.platform.SigningKeys keys) {
        this.keys = keys;
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

    /**
     * The website visitor's mark a tracked click to the company's website carries ({@code kt=}): it only says
     * "this browser belongs to that contact" for page views. It is not a message token — {@link #read} refuses it,
     * so unsubscribe and consent confirmation refuse it too — and it is sealed (AES-GCM under a key of its own,
     * derived from the signing key), so web server logs and analytics that see it learn no contact or campaign id.
     * Every mark is different (a random nonce), and nobody can make one without the key.
     */
    public String visitorMark(long contactId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, visitorKey(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(VISITOR);
            byte[] sealed = cipher.doFinal(ByteBuffer.allocate(8).putLong(contactId).array());
            return B64.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed)
                    .array());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contact a visitor's mark names; empty when it is malformed, not ours, or a message token. */
    public OptionalLong visitor(String mark) {
        if (mark == null || mark.length() != 48) {
            return OptionalLong.empty();
        }
        try {
            byte[] bytes = B64D.decode(mark);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, visitorKey(), new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(VISITOR);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            long contactId = ByteBuffer.wrap(plain).getLong();
            return contactId > 0 ? OptionalLong.of(contactId) : OptionalLong.empty();
        }
        catch (IllegalArgumentException | AEADBadTagException malformed) {
            return OptionalLong.empty();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec visitorKey() throws GeneralSecurityException {
        SecretKeySpec known = visitorKey;
        if (known == null) {
            // a derivation input no message token (17 bytes, a source letter first) or signed text starts with
            known = new SecretKeySpec(keys.hmac("marketing", ByteBuffer.allocate(2 + VISITOR.length).put((byte) 0)
                    .put((byte) 0).put(VISITOR).array()), "AES");
            visitorKey = known;
        }
        return known;
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
        return java.util.Arrays.copyOf(keys.hmac("marketing", data), SIGNATURE_BYTES);
    }

}
