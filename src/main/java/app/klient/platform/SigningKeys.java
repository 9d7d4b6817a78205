package app.klient.platform;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The secret keys that sign what Klient hands out and must recognise later (tracking links, a customer's own page):
 * one per name, 256 random bits made by the first node that needs it and stored, so every node signs alike and a
 * restart keeps old links working. Stored sealed ({@link Secrets}), as the base64 of the key.
 */
@Component
public class SigningKeys {

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    SigningKeys(JdbcClient jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** HMAC-SHA256 of the data under the named key. */
    public byte[] hmac(String name, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(name), "HmacSHA256"));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key(String name) {
        return known.computeIfAbsent(name, n -> {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // the first node to get here makes the key; every other node reads the one that was stored
            jdbc.sql("insert into signing_keys (name, signing_key) values (:name, :key) on conflict (name) do nothing")
                    .param("name", n).param("key", secrets.seal(Base64.getEncoder().encodeToString(fresh))).update();
            return Base64.getDecoder().decode(secrets.open(jdbc.sql("select signing_key from signing_keys where name"
                    + " = :name").param("name", n).query(String.class).single()));
        });
    }
}
