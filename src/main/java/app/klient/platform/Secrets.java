package app.klient.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import app.klient.platform.secrets.SecretKeySource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The credentials Klient keeps in its database (SMTP and mailbox passwords, webhook secrets, the KSeF token, the keys
 * that sign links) are stored sealed: AES-256-GCM under Klient's secret key, which lives outside the database
 * ({@link SecretKeySource}). A sealed value reads {@code v1:<key id>:<base64 of nonce, ciphertext and tag>}; the key
 * id (the start of the key's SHA-256) tells a value sealed under another key (before a rotation, or with the wrong key
 * configured) from one that was changed, and both are refused with a message that says which.
 */
@Component
public class Secrets {

    public static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    @Autowired
    Secrets(Environment environment) {
        this(SecretKeySource.load(environment));
    }

    private Secrets(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("A secret key is 32 bytes (256 bits)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = keyId(key);
    }

    /** Secrets under this key: for a key rotation, which seals under the new key what it opens with the old. */
    public static Secrets withKey(byte[] key) {
        return new Secrets(key);
    }

    /** The id a key's values carry: the first 4 bytes of its SHA-256 in hex (nothing that helps find the key). */
    public static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 4));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** Whether a stored value is sealed (by any key), as opposed to a plaintext stored before values were sealed. */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(VERSION + ":") && value.indexOf(':', VERSION.length() + 1) > 0;
    }

    /** The id of the key a sealed value was sealed under. */
    public static String keyIdOf(String sealed) {
        if (!isSealed(sealed)) {
            throw new SecretRefused("The stored value is not sealed");
        }
        return sealed.substring(VERSION.length() + 1, sealed.indexOf(':', VERSION.length() + 1));
    }

    /** The value sealed under this key, a fresh random nonce each time; {@code null} stays {@code null}. */
    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        String prefix = VERSION + ":" + keyId + ":";
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return prefix + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java", e);
        }
    }

    /**
     * The plaintext of a value sealed under this key; {@code null} stays {@code null}. Refuses a value that is not
     * sealed, was sealed under another key, or was changed after sealing.
     */
    public String open(String sealed) {
        if (sealed == null) {
            return null;
        }
        String sealedBy = keyIdOf(sealed);
        if (!sealedBy.equals(keyId)) {
            throw new SecretRefused("A stored secret was sealed under the key " + sealedBy + ", but Klient's key is "
                    + keyId + ": KLIENT_SECRET_KEY (or klient.secret-key-file, or secret.key in the data directory)"
                    + " is not the key the secrets were stored with");
        }
        String prefix = VERSION + ":" + keyId + ":";
        byte[] data;
        try {
            data = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        }
        catch (IllegalArgumentException e) {
            throw new SecretRefused("A stored secret was changed after it was sealed (not base64)");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretRefused("A stored secret was changed after it was sealed (too short)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        }
        catch (AEADBadTagException e) {
            throw new SecretRefused("A stored secret was changed after it was sealed (its authentication tag does"
                    + " not match under the key " + keyId + ")");
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java", e);
        }
    }

    /** A stored secret that cannot be opened: not sealed, sealed under another key, or changed. */
    public static class SecretRefused extends IllegalStateException {
        public SecretRefused(String message) {
            super(message);
        }
    }
}
