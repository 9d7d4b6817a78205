package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

import app.klient.platform.Phrase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.StaticMessageSource;
import tools.jackson.databind.json.JsonMapper;

/** A stored phrase is worded for whoever reads it, and what cannot be worded still shows what was stored. */
class PhrasesTests {

    private final Phrases phrases;

    PhrasesTests() {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("deal.won", Locale.ENGLISH, "Won for {0} on {1}");
        messages.addMessage("deal.won", Locale.forLanguageTag("cs"), "Vyhráno za {0} dne {1}");
        messages.addMessage("stage", Locale.ENGLISH, "Stage: {0}");
        messages.addMessage("stage", Locale.forLanguageTag("cs"), "Fáze: {0}");
        messages.addMessage("lead.source.WEB_FORM", Locale.forLanguageTag("cs"), "Webový formulář");
        phrases = new Phrases(messages, new Formats(messages), JsonMapper.builder().build());
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void amounts_and_dates_follow_the_readers_language_after_a_trip_through_storage() {
        Phrase won = Phrase.of("deal.won", Phrase.money(new BigDecimal("1216.00"), "PLN"), LocalDate.of(2026, 12, 5));
        Phrase stored = phrases.parse(phrases.json(won));
        assertThat(stored).isEqualTo(won);
        LocaleContextHolder.setLocale(Locale.forLanguageTag("cs"));
        assertThat(phrases.render(stored)).isEqualTo("Vyhráno za 1\u00a0216,00 PLN dne 5. 12. 2026");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(phrases.render(stored)).isEqualTo("Won for 1,216.00 PLN on Dec 5, 2026");
    }

    @Test
    void codes_and_names_read_in_the_readers_language_or_as_given() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("cs"));
        assertThat(phrases.render(Phrase.of("stage", Phrase.code("lead.source.WEB_FORM", "WEB_FORM"))))
                .isEqualTo("Fáze: Webový formulář");
        assertThat(phrases.render(Phrase.of("stage", Phrase.named("Negotiation", Map.of("cs", "Vyjednávání")))))
                .isEqualTo("Fáze: Vyjednávání");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(phrases.render(Phrase.of("stage", Phrase.code("lead.source.WEB_FORM", "WEB_FORM"))))
                .isEqualTo("Stage: WEB_FORM");
        assertThat(phrases.render(Phrase.of("stage", Phrase.named("Negotiation", Map.of("cs", "Vyjednávání")))))
                .isEqualTo("Stage: Negotiation");
    }

    @Test
    void a_key_no_bundle_knows_shows_its_values_and_a_damaged_row_reads_as_none() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(phrases.render(Phrase.of("timeline.fromTheFuture", "FV/1", 3))).isEqualTo("FV/1 · 3");
        assertThat(phrases.parse("{\"key\": ")).isNull();
        assertThat(phrases.parse("{\"args\": []}")).isNull();
        assertThat(phrases.render(new Phrase("stage", java.util.List.of(new Phrase.Value("money", "lots", "PLN",
                null, null))))).isEqualTo("Stage: lots");
    }
}
