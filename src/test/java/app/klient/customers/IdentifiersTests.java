package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.customers.internal.Identifiers;
import app.klient.customers.internal.Phones;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Check digits computed by hand from each register's published weights. */
class IdentifiersTests {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "PL | taxId | 526-025-09-95 | 5260250995",
            "PL | taxId | PL 123 456 32 18 | 1234563218",
            "PL | taxId | 5260250994 | null",
            "PL | taxId | 1234567890 | null",
            "PL | taxId | 526025099 | null",
            "PL | registrationNumber | 123456785 | 123456785",
            "PL | registrationNumber | 016298263 | 016298263",
            "PL | registrationNumber | 12345678512347 | 12345678512347",
            "PL | registrationNumber | 123456786 | null",
            "PL | registrationNumber | 12345678512348 | null",
            "CZ | registrationNumber | 25596641 | 25596641",
            "CZ | registrationNumber | 45274649 | 45274649",
            "CZ | registrationNumber | 6947 | 00006947",
            "CZ | registrationNumber | 25596642 | null",
            "CZ | registrationNumber | 12345678 | null",
            "CZ | taxId | CZ25596641 | CZ25596641",
            "CZ | taxId | 45274649 | CZ45274649",
            "CZ | taxId | CZ7103192745 | CZ7103192745",
            "CZ | taxId | CZ7103192746 | null",
            "CZ | taxId | CZ25596642 | null",
            "DE | taxId | 12/345/67890 | 1234567890",
            "DE | taxId | x | null"
    })
    void tax_and_register_numbers_follow_their_countrys_rules(String country, String kind, String raw,
            String expected) {
        Identifiers.Checked checked = kind.equals("taxId") ? Identifiers.taxId(country, raw)
                : Identifiers.registrationNumber(country, raw);
        if (expected == null) {
            assertThat(checked.valid()).isFalse();
            assertThat(checked.errorKey()).isNotBlank();
        }
        else {
            assertThat(checked.value()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "PL5260250995 | null",
            "pl 526-025-09-95 | null",
            "PL5260250994 | identifier.vat.checksum",
            "CZ25596641 | null",
            "CZ25596642 | identifier.vat.checksum",
            "SK2020273893 | null",
            "SK2020273894 | identifier.vat.checksum",
            "DE136695976 | null",
            "DE136695978 | identifier.vat.checksum",
            "ATU12345678 | null",
            "AT12345678 | identifier.vat.format",
            "NL123456789B01 | null",
            "FR12345678901 | null",
            "ELI23456789 | identifier.vat.format",
            "US123456789 | identifier.vat.country",
            "GB123456789 | identifier.vat.country",
            "X | identifier.vat.format"
    })
    void eu_vat_numbers_have_their_countrys_format_and_check_digit(String raw, String error) {
        Identifiers.Checked checked = Identifiers.vatId(raw);
        assertThat(checked.errorKey()).isEqualTo(error);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "601 234 567 | PL | +48601234567",
            "+48 (22) 628 12 34 | CZ | +48226281234",
            "602 123 456 | CZ | +420602123456",
            "00420 602 123 456 | PL | +420602123456",
            "+49 30 901820 | PL | +4930901820",
            "+44 20 7946 0958 | PL | +442079460958",
            "12 | PL | null",
            "not a phone | PL | null",
            "+999 123 456 | PL | null"
    })
    void phones_are_kept_in_e164(String raw, String region, String expected) {
        Identifiers.Checked checked = Phones.normalize(raw, region);
        assertThat(checked.value()).isEqualTo(expected);
        if (expected == null) {
            assertThat(checked.errorKey()).isEqualTo("phone.invalid");
        }
    }

    @ParameterizedTest(name = "{0} seen from {1}")
    @CsvSource(delimiter = '|', value = {
            "+48601234567 | PL | 601 234 567",
            "+48601234567 | CZ | +48 601 234 567",
            "+420602123456 | CZ | 602 123 456"
    })
    void phones_are_shown_nationally_at_home_and_internationally_abroad(String e164, String viewer, String shown) {
        assertThat(Phones.display(e164, viewer)).isEqualTo(shown);
    }
}
