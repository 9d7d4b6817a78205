package app.klient.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.platform.PublicUrl;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the first start tells the operator: where to sign in, at the address Klient really answers on. */
class FirstStartTests extends WebTest {

    @Autowired
    PublicUrl publicUrl;

    @Test
    void the_banner_names_the_address_and_port_klient_answers_on() {
        String banner = FirstStart.banner(publicUrl.of("/login"), "admin@firma.pl", "s3cret");

        assertThat(banner).contains("Sign in at " + publicUrl.base() + "/login with")
                .contains("e-mail:   admin@firma.pl").contains("password: s3cret");
        assertThat(publicUrl.base()).as("the configured address, else this server's own port")
                .isEqualTo(publicUrl.isConfigured() ? publicUrl.base() : "http://localhost:" + port);
        assertThat(port).isNotEqualTo(8080);
    }
}
