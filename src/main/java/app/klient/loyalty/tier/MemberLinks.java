package app.klient.loyalty.tier;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.klient.platform.PublicUrl;
import org.springframework.stereotype.Component;

/**
 * The signed link a customer opens to see their own points, tier and history without signing in: it names the
 * account and the last day it works, signed (HMAC-SHA256) with a key kept in the database. Nobody can make one for
 * another account or move its day; a link past its day is told apart from a forged one, to say so on the page.
 */
@Component
public class MemberLinks {

    /** How long a link works from the day it is made. */
    public static final int VALID_DAYS = 90;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int PAYLOAD = 16;
    private static final int SIGNATURE = 16;

    /** What a token says: the account, or why not. */
    public sealed interface Reading {
    }

    public record Valid(long accountId, LocalDate until) implements Reading {
    }

    public record Expired(LocalDate until) implements Reading {
    }

    public record Forged() implements Reading {
    }

    private final PublicUrl publicUrl;
    private final app.klient.platform.SigningKeys keys;

    MemberLinks(app.klient.platform.SigningKeys keys, PublicUrl publicUrl) {
        this.keys = keys;
        this.publicUrl = publicUrl;
    }

    /** The absolute link to the account's page, working until {@code today} + {@value #VALID_DAYS} days. */
    public String link(long accountId, LocalDate today) {
        return publicUrl.of("/forms/loyalty/" + token(accountId, today.plusDays(VALID_DAYS)));
    }

    String token(long accountId, LocalDate until) {
        byte[] payload = ByteBuffer.allocate(PAYLOAD).putLong(accountId).putLong(until.toEpochDay()).array();
        byte[] signed = ByteBuffer.allocate(PAYLOAD + SIGNATURE).put(payload).put(mac(payload)).array();
        return B64.encodeToString(signed);
    }

    public Reading read(String token, LocalDate today) {
        if (token == null || token.length() > 60) {
            return new Forged();
        }
        byte[] bytes;
        try {
            bytes = B64D.decode(token);
        }
        catch (IllegalArgumentException malformed) {
            return new Forged();
        }
        if (bytes.length != PAYLOAD + SIGNATURE) {
            return new Forged();
        }
        byte[] payload = Arrays.copyOf(bytes, PAYLOAD);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, PAYLOAD, bytes.length), mac(payload))) {
            return new Forged();
        }
        ByteBuffer read = ByteBuffer.wrap(payload);
        long accountId = read.getLong();
        LocalDate until = LocalDate.ofEpochDay(read.getLong());
        return until.isBefore(today) ? new Expired(until) : new Valid(accountId, until);
    }

    private byte[] mac(byte[] data) {
        return java.util.Arrays.copyOf(keys.hmac("loyalty", data), SIGNATURE);
    }

}
