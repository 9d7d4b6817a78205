package app.klient.customers.web;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import app.klient.customers.internal.Phones;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** For templates ({@code @customerFormats}): phones as the reader dials them, countries by name in their language. */
@Component
class CustomerFormats {

    private final org.springframework.context.MessageSource messages;

    CustomerFormats(org.springframework.context.MessageSource messages) {
        this.messages = messages;
    }

    private static final List<String> NEAR = List.of("PL", "CZ", "SK", "DE", "AT");

    record Country(String code, String name) {
    }

    public String phone(String e164) {
        String viewer = switch (LocaleContextHolder.getLocale().getLanguage()) {
            case "pl" -> "PL";
            case "cs" -> "CZ";
            default -> "";
        };
        return Phones.display(e164, viewer);
    }

    /**
     * A value in the history or on the merge page as a person reads it: a stage's name rather than PROSPECT, a
     * country's or a language's name, a date as the reader writes dates.
     */
    public String changeValue(String field, String value) {
        String prefix = switch (field) {
            case "lifecycleStage" -> "stage.";
            case "size" -> "size.";
            case "preferredChannel" -> "channel.";
            case "source" -> "source.";
            case "consentMethod" -> "consent.";
            default -> null;
        };
        if (prefix != null) {
            return messages.getMessage(prefix + value, null, value, LocaleContextHolder.getLocale());
        }
        if (field.equals("country") && value.matches("[A-Z]{2}")) {
            return country(value);
        }
        if (field.equals("preferredLanguage") && value.matches("[a-z]{2}")) {
            return Locale.forLanguageTag(value).getDisplayLanguage(LocaleContextHolder.getLocale());
        }
        if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            // a date in the history (a birthday) as the reader writes dates, not as the database does
            try {
                return java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM)
                        .withLocale(LocaleContextHolder.getLocale()).format(java.time.LocalDate.parse(value));
            }
            catch (java.time.DateTimeException notADate) {
                return value;
            }
        }
        if (field.equals("marketingConsent")) {
            return messages.getMessage(Boolean.parseBoolean(value) ? "common.yes" : "common.no", null,
                    LocaleContextHolder.getLocale());
        }
        return value;
    }

    public String country(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        return name(code, LocaleContextHolder.getLocale());
    }

    private static String name(String code, Locale reader) {
        return new Locale("", code).getDisplayCountry(reader);
    }

    /** Neighbours first, then every country by its name in the reader's language. */
    public List<Country> countries() {
        return countriesByLocale.computeIfAbsent(LocaleContextHolder.getLocale(), CustomerFormats::countries);
    }

    /** Named and sorted once per language: every list page and form offers all 250 of them. */
    private final Map<Locale, List<Country>> countriesByLocale = new ConcurrentHashMap<>();

    private static List<Country> countries(Locale reader) {
        Comparator<Country> byName = Comparator.comparing(Country::name, java.text.Collator.getInstance(reader));
        Stream<Country> near = NEAR.stream().map(c -> new Country(c, name(c, reader)));
        Stream<Country> rest = Arrays.stream(Locale.getISOCountries()).filter(c -> !NEAR.contains(c))
                .map(c -> new Country(c, name(c, reader))).sorted(byName);
        return Stream.concat(near, rest).toList();
    }
}
