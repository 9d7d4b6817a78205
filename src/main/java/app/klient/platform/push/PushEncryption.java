package app.klient.platform.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push message's body encrypted for one browser (RFC 8291, "aes128gcm" of RFC 8188): a fresh P-256 key pair per
 * message, ECDH with the browser's key, HKDF with the browser's auth secret, one AES-128-GCM record. Everything is
 * the JDK's own crypto.
 */
public final class PushEncryption {

    /** The record size announced in the header: one record holds the whole (small) message. */
    static final int RECORD_SIZE = 4096;
    /** Push services take at least 4096 bytes of body; the header and tag take 103 of them. */
    public static final int MAX_PLAINTEXT = RECORD_SIZE - 16 - 1 - 86;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PushEncryption() {
    }

    /** The encrypted body for the browser whose key is {@code uaPublic} (65 bytes) and secret {@code authSecret}. */
    public static byte[] encrypt(byte[] uaPublic, byte[] authSecret, byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("A push message holds at most " + MAX_PLAINTEXT + " bytes");
        }
        try {
            KeyPair ephemeral = newKeyPair();
            byte[] asPublic = uncompressed((ECPublicKey) ephemeral.getPublic());
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            byte[] ecdh = agree(ephemeral.getPrivate(), uaPublic);
            Keys keys = keys(ecdh, authSecret, uaPublic, asPublic, salt);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cek(), "AES"), new GCMParameterSpec(128, keys.nonce()));
            byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
            padded[plaintext.length] = 2; // the last record's delimiter, no padding after it
            byte[] sealed = cipher.doFinal(padded);
            return ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + sealed.length).put(salt).putInt(RECORD_SIZE)
                    .put((byte) asPublic.length).put(asPublic).put(sealed).array();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption is not available in this Java", e);
        }
    }

    /** The content encryption key and nonce both sides derive (RFC 8291 section 3.4, RFC 8188 section 2.2). */
    public record Keys(byte[] cek, byte[] nonce) {
    }

    public static Keys keys(byte[] ecdhSecret, byte[] authSecret, byte[] uaPublic, byte[] asPublic, byte[] salt)
            throws GeneralSecurityException {
        byte[] prkKey = hmac(authSecret, ecdhSecret);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), uaPublic,
                asPublic, new byte[] { 1 });
        byte[] ikm = hmac(prkKey, keyInfo);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), new byte[] { 1 })), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), new byte[] { 1 })), 12);
        return new Keys(cek, nonce);
    }

    /** The ECDH secret of a private key and a peer's uncompressed P-256 public key. */
    public static byte[] agree(PrivateKey mine, byte[] peerUncompressed) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(mine);
        agreement.doPhase(publicKey(peerUncompressed), true);
        return agreement.generateSecret();
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A P-256 public key from its 65-byte uncompressed form (0x04, x, y); refuses anything else. */
    public static ECPublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed == null || uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new java.security.InvalidKeyException("Not an uncompressed P-256 public key");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        // the JDK checks that the point is on the curve when the key is used in ECDH or a signature check
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    /** The 65-byte uncompressed form of a P-256 public key. */
    public static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, at + 32 - length, length);
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            buffer.put(p);
        }
        return buffer.array();
    }
}
