package app.klient.platform.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Amounts in words as Polish and Czech invoices print them: numeral gender and the currency's grammatical number. */
class AmountInWordsTests {

    private static AmountInWords words() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new AmountInWords(messages);
    }

    @ParameterizedTest(name = "{0} {1} in {2}")
    @CsvSource(delimiter = '|', value = {
            "1230.00 | PLN | pl | tysiąc dwieście trzydzieści złotych 00/100",
            "1.00    | PLN | pl | jeden złoty 00/100",
            "2.46    | PLN | pl | dwa złote 46/100",
            "2.00    | CZK | pl | dwie korony czeskie 00/100",
            "5.50    | CZK | pl | pięć koron czeskich 50/100",
            "2.00    | CZK | cs | dvě koruny české 00/100",
            "21.99   | CZK | cs | dvacet jedna korun českých 99/100",
            "2.46    | PLN | cs | dva polské zloté 46/100",
            "-615.00 | PLN | pl | minus sześćset piętnaście złotych 00/100",
            "1000000 | EUR | en | one million euros 00/100",
            "12.345  | NOK | en | twelve NOK 35/100" })
    void amounts_read_as_people_write_them(BigDecimal amount, String currency, String language, String expected) {
        assertThat(words().of(amount, currency, Locale.forLanguageTag(language))).isEqualTo(expected);
    }
}
