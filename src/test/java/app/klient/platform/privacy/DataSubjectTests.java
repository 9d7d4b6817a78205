package app.klient.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataSubjectTests {

    @Test
    void a_name_is_found_inflected_and_with_or_without_its_diacritics() {
        DataSubject subject = new DataSubject();
        subject.addName("Lukasz", "Zoltowski");

        assertThat(subject.redact("Oferta dla Łukasza Żółtowskiego")).isEqualTo("Oferta dla [erased]");
        assertThat(subject.redact("Spotkanie z ŁUKASZEM ŻÓŁTOWSKIM, potem Zoltowski, Lukasz"))
                .isEqualTo("Spotkanie z [erased], potem [erased]");
        assertThat(subject.redact("Zofia Żółtowska")).isEqualTo("Zofia Żółtowska");
    }

    @Test
    void short_names_and_common_words_are_left_alone() {
        DataSubject subject = new DataSubject();
        subject.addName("Jan", "Kos");

        assertThat(subject.redact("Dzwonił Jana Kosa brat")).isEqualTo("Dzwonił [erased] brat");
        assertThat(subject.redact("Janina Kostrzewska, jan kosmetyki, Kosa Jan")).isEqualTo(
                "Janina Kostrzewska, jan kosmetyki, [erased]");
        assertThat(subject.redact("Jan zamówił kosiarkę")).isEqualTo("Jan zamówił kosiarkę");
    }
}
