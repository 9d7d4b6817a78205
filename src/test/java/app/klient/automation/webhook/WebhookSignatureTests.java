package app.klient.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    /** The example the Standard Webhooks specification publishes, which every receiver library verifies. */
    @Test
    void signs_the_specifications_example_as_it_is_published() {
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, BODY)).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void while_a_secret_is_rotated_the_header_carries_a_signature_for_each() {
        String fresh = WebhookSignature.newSecret();
        String old = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String header = WebhookSignature.header(List.of(fresh, old), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                BODY);
        assertThat(header.split(" ")).containsExactly(
                WebhookSignature.sign(fresh, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY),
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        // a different id, time or body signs differently
        assertThat(WebhookSignature.sign(old, "msg_other", 1614265330, BODY))
                .isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void new_secrets_are_valid_and_different_and_malformed_ones_are_not() {
        String one = WebhookSignature.newSecret();
        assertThat(one).startsWith("whsec_");
        assertThat(WebhookSignature.valid(one)).isTrue();
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(one);
        assertThat(WebhookSignature.valid(null)).isFalse();
        assertThat(WebhookSignature.valid("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
        assertThat(WebhookSignature.valid("whsec_%%%")).isFalse();
        assertThat(WebhookSignature.valid("whsec_c2hvcnQ=")).isFalse();
    }
}
