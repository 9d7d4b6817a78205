package app.klient.marketing.consent;

import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;

import app.klient.customers.ConsentMethod;
import app.klient.customers.MarketingConsent;
import app.klient.marketing.Consents;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contact form's and the contacts API's single "agrees to marketing" flag, kept in the consent history: ticked,
 * it is a GIVEN consent for the newsletter and for offers by e-mail (as the import reads the same flag), with the
 * purposes' words in the user's language; unticked, every marketing consent by e-mail is withdrawn. The source is
 * MANUAL on the page and API over the API, the method and note the user gave are the detail. Read back, the flag is
 * true while any purpose is GIVEN on e-mail.
 */
@Component
class ContactFormConsent implements MarketingConsent {

    static final String AGREES = """
            exists (select 1 from consent_states cs_ where cs_.contact_id = c.id and cs_.channel = 'EMAIL'
                    and cs_.state = 'GIVEN')""";
    static final String SINCE = """
            (select max(cs_.since) from consent_states cs_ where cs_.contact_id = c.id and cs_.channel = 'EMAIL')""";

    private final JdbcClient jdbc;
    private final Consents consents;
    private final Purposes purposes;

    ContactFormConsent(JdbcClient jdbc, Consents consents, Purposes purposes) {
        this.jdbc = jdbc;
        this.consents = consents;
        this.purposes = purposes;
    }

    @Override
    @Transactional(readOnly = true)
    public Standing standing(long contactId) {
        return jdbc.sql("select " + AGREES + " as agrees, " + SINCE + " as since from contacts c where c.id = :id")
                .param("id", contactId)
                .query((rs, n) -> {
                    Timestamp since = rs.getTimestamp("since");
                    return new Standing(rs.getBoolean("agrees"), since == null ? null : since.toInstant());
                })
                .optional().orElse(Standing.NONE);
    }

    @Override
    public String agreesSql() {
        return AGREES;
    }

    @Override
    public String sinceSql() {
        return SINCE;
    }

    @Override
    @Transactional
    public void given(long contactId, Origin origin, ConsentMethod method, String note) {
        Locale locale = LocaleContextHolder.getLocale();
        String detail = detail(method, note);
        // a purpose the administrator switched off is not given any more (as on the card)
        List<Purposes.Purpose> active = purposes.list(true);
        for (String key : ImportedConsents.KEYS) {
            active.stream().filter(p -> p.key().equals(key)).findFirst().ifPresent(p ->
                    consents.change(Consents.Change.of(contactId, p.id(), Consents.Channel.EMAIL,
                            Consents.State.GIVEN, source(origin)).detail(detail)
                            .wording(p.wording(locale), locale.getLanguage())));
        }
    }

    @Override
    @Transactional
    public void withdrawn(long contactId, Origin origin, String note) {
        consents.withdrawAll(contactId, Consents.Channel.EMAIL, source(origin), detail(null, note));
    }

    private static Consents.Source source(Origin origin) {
        return origin == Origin.PAGE ? Consents.Source.MANUAL : Consents.Source.API;
    }

    /** "contact form: PAPER, signed at the fair": the way and the user's note, as the history shows the detail. */
    private static String detail(ConsentMethod method, String note) {
        StringBuilder detail = new StringBuilder("contact form");
        if (method != null) {
            detail.append(": ").append(method.name());
        }
        if (note != null && !note.isBlank()) {
            detail.append(method == null ? ": " : ", ").append(note.strip());
        }
        return detail.toString();
    }
}
