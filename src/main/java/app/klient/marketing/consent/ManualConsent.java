package app.klient.marketing.consent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.marketing.Consents;
import app.klient.platform.InvalidFields;

/**
 * A consent given or withdrawn by hand or over the API: checked, then recorded with the words of the purpose in the
 * contact's language (not the language of whoever typed it in).
 */
final class ManualConsent {

    private ManualConsent() {
    }

    static Optional<Long> record(Consents consents, Purposes purposes, long contactId, Long purposeId,
            String channel, String state, String detail, Locale locale) {
        return record(consents, purposes, contactId, purposeId, channel, state, detail, locale,
                Consents.Source.MANUAL);
    }

    static Optional<Long> record(Consents consents, Purposes purposes, long contactId, Long purposeId,
            String channel, String state, String detail, Locale locale, Consents.Source source) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Optional<Purposes.Purpose> purpose = purposeId == null ? Optional.empty() : purposes.find(purposeId);
        if (purpose.isEmpty()) {
            errors.add("purposeId", "consent.purpose.notFound");
        }
        Consents.Channel ch = parse(Consents.Channel.class, channel);
        if (ch == null) {
            errors.add("channel", "consent.channel.invalid");
        }
        Consents.State st = parse(Consents.State.class, state);
        if (st == null || st == Consents.State.PENDING) {
            errors.add("state", "consent.state.invalid");
        }
        if (detail != null && detail.length() > 500) {
            errors.add("detail", "error.tooLong", 500);
        }
        else if (detail != null && detail.indexOf('\0') >= 0) {
            errors.add("detail", "consent.invalidText");
        }
        if (st == Consents.State.GIVEN && purpose.isPresent() && !Boolean.TRUE.equals(purpose.get().active())) {
            errors.add("purposeId", "consent.purpose.inactive");
        }
        errors.throwIfAny();
        Consents.Change change = Consents.Change.of(contactId, purpose.get().id(), ch, st, source)
                .detail(detail == null || detail.isBlank() ? null : detail.strip());
        if (st == Consents.State.GIVEN) {
            // the words the contact was asked in: their language's wording, else the purpose's English
            String language = locale.getLanguage();
            String wording = purpose.get().wording(locale);
            if (wording == null || wording.isBlank()) {
                wording = purpose.get().wording(Locale.ENGLISH);
                language = "en";
            }
            change = change.wording(wording, language);
        }
        return consents.change(change);
    }

    /** The contact's preferred language (en, pl, cs), English when none is set: the language a consent is worded in. */
    static Locale contactLanguage(org.springframework.jdbc.core.simple.JdbcClient jdbc, long contactId) {
        String language = jdbc.sql("select preferred_language from contacts where id = :id").param("id", contactId)
                .query(String.class).optional().orElse(null);
        return language != null && language.matches("pl|cs") ? Locale.forLanguageTag(language) : Locale.ENGLISH;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        return null;
    }

    static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }
}
