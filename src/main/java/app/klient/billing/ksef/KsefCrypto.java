package app.klient.billing.ksef;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption KSeF asks for (docs: uwierzytelnianie.md, sesja-interaktywna.md): RSA-OAEP with SHA-256 and MGF1
 * SHA-256 for the token and the session key, AES-256-CBC with PKCS#7 padding for the invoice, SHA-256 in Base64
 * for every hash. JDK crypto only.
 */
final class KsefCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** OAEP with SHA-256 for the digest and for MGF1: the JDK's "OAEPWithSHA-256AndMGF1Padding" would use SHA-1 for MGF1. */
    static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private KsefCrypto() {
    }

    /** A fresh AES-256 key and 16-byte IV for one session. */
    record SessionKey(byte[] key, byte[] iv) {

        static SessionKey fresh() {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256, RANDOM);
                SecretKey key = generator.generateKey();
                byte[] iv = new byte[16];
                RANDOM.nextBytes(iv);
                return new SessionKey(key.getEncoded(), iv);
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("Every Java runtime has AES", e);
            }
        }

        byte[] encrypt(byte[] plain) {
            return aes(Cipher.ENCRYPT_MODE, key, iv, plain);
        }
    }

    static byte[] aes(int mode, byte[] key, byte[] iv, byte[] content) {
        try {
            // the JDK's PKCS5Padding is PKCS#7 for a 16-byte block
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(content);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC failed", e);
        }
    }

    static byte[] rsaOaep(PublicKey key, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, OAEP);
            return cipher.doFinal(plain);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP failed", e);
        }
    }

    static X509Certificate certificate(String base64Der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Der)));
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("KSeF sent a public key certificate that cannot be read", e);
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
