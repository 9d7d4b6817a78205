package app.klient.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTests {

    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, appendix B: eight digits, 30-second steps, the three HMACs. */
    @ParameterizedTest
    @CsvSource({
            "59,          94287082, 46119246, 90693936",
            "1111111109,  07081804, 68084774, 25091201",
            "1111111111,  14050471, 67062674, 99943326",
            "1234567890,  89005924, 91819424, 93441116",
            "2000000000,  69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826" })
    void the_codes_are_those_of_the_rfc_6238_test_vectors(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SHA1_KEY, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_KEY, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_KEY, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void an_app_shows_the_last_six_digits_of_the_sha1_code_for_the_base32_secret() {
        String secret = Totp.base32(SHA1_KEY);
        assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.code(secret, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(secret.toLowerCase(), Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    }

    @Test
    void base32_is_rfc_4648_and_reads_what_people_type() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.decodeBase32("mzxw 6ytb-oi======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Totp.decodeBase32(Totp.newSecret())).hasSize(20);
    }

    @Test
    void a_code_of_the_step_before_or_after_is_taken_but_not_one_further_off() {
        String secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_015L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now), now)).hasValue(step);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(30)), now)).hasValue(step - 1);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.plusSeconds(30)), now)).hasValue(step + 1);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(60)), now)).isEmpty();
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.plusSeconds(60)), now)).isEmpty();
    }

    @Test
    void anything_but_six_digits_matches_nothing() {
        String secret = Totp.newSecret();
        Instant now = Instant.now();
        assertThat(Totp.matchingStep(secret, null, now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "12345\u0000", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "١٢٣٤٥٦", now)).isEmpty();
    }

    @Test
    void the_address_for_the_qr_code_names_klient_and_the_account() {
        assertThat(Totp.uri("Klient", "jan.nowak@firma.pl", "ABCD"))
                .isEqualTo("otpauth://totp/Klient:jan.nowak%40firma.pl?secret=ABCD&issuer=Klient&algorithm=SHA1"
                        + "&digits=6&period=30");
    }
}
