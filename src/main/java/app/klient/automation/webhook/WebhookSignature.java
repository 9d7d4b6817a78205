package app.klient.automation.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the Standard Webhooks specification writes them: the secret is {@code whsec_} and the base64 of
 * its key; a signature is {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}; the
 * {@code webhook-signature} header lists one per valid secret, separated by spaces, so a receiver keeps verifying
 * while a secret is rotated.
 */
public final class WebhookSignature {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: 24 random bytes (192 bits; the specification asks for 24 to 64). */
    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} is one this class can sign with: the prefix and 24 to 64 bytes of base64. */
    public static boolean valid(String secret) {
        try {
            int length = key(secret).length;
            return length >= 24 && length <= 64;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The signature of one message with one secret: {@code v1,<base64>}. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** The {@code webhook-signature} header: a signature per secret, the newest first. */
    public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
        return secrets.stream().map(s -> sign(s, id, timestamp, body)).collect(Collectors.joining(" "));
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A webhook secret starts with " + PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
