package app.klient.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicUrlTests {

    @Test
    void links_are_absolute_under_the_configured_address_whatever_its_slashes() {
        PublicUrl url = new PublicUrl(" https://crm.firma.pl/ ");
        assertThat(url.isConfigured()).isTrue();
        assertThat(url.of("/forms/survey/abc")).isEqualTo("https://crm.firma.pl/forms/survey/abc");
        assertThat(url.of("forms/lead")).isEqualTo("https://crm.firma.pl/forms/lead");
    }

    @Test
    void without_an_address_links_point_to_this_machine_and_say_they_are_not_configured() {
        PublicUrl url = new PublicUrl("");
        assertThat(url.isConfigured()).isFalse();
        assertThat(url.base()).isEqualTo("http://localhost:8080");
    }
}
