package app.klient.marketing.internal;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one rule every marketing message obeys: it goes to a contact's first e-mail address only when the contact has
 * given (and not withdrawn) consent to the message's purpose on the e-mail channel, and the address is not on the
 * suppression list. Campaigns and journeys ask it for each message right before sending, so a consent withdrawn
 * while a campaign is sending stops the messages not yet sent.
 */
@Component
public class Audience {

    /** Why a message may not go: the contact has no address, no consent, or the address is suppressed. */
    public enum Refusal {
        NO_ADDRESS, NO_CONSENT, SUPPRESSED
    }

    /**
     * The same rule as a condition on contacts aliased {@code c}, with the purpose as the parameter {@code :purpose}:
     * for counting and listing a campaign's audience in one query.
     */
    public static final String REACHABLE = """
            (c.emails[1] is not null
             and exists (select 1 from consent_states s where s.contact_id = c.id and s.purpose_id = :purpose
                         and s.channel = 'EMAIL' and s.state = 'GIVEN')
             and not exists (select 1 from suppressions x where x.address = lower(c.emails[1])))""";

    private final JdbcClient jdbc;

    Audience(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when the message may go now; else why not. */
    public Optional<Refusal> refusal(long contactId, long purposeId) {
        record Facts(String address, boolean consent, boolean suppressed) {
        }
        Facts facts = jdbc.sql("""
                select c.emails[1],
                       exists (select 1 from consent_states s where s.contact_id = c.id and s.purpose_id = :purpose
                               and s.channel = 'EMAIL' and s.state = 'GIVEN'),
                       exists (select 1 from suppressions x where x.address = lower(c.emails[1]))
                from contacts c where c.id = :contact""").param("contact", contactId).param("purpose", purposeId)
                .query((rs, n) -> new Facts(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).optional()
                .orElse(new Facts(null, false, false));
        if (facts.address() == null || facts.address().isBlank()) {
            return Optional.of(Refusal.NO_ADDRESS);
        }
        if (!facts.consent()) {
            return Optional.of(Refusal.NO_CONSENT);
        }
        return facts.suppressed() ? Optional.of(Refusal.SUPPRESSED) : Optional.empty();
    }

    /** The address a marketing message to the contact goes to (its first e-mail address), lower-cased. */
    public Optional<String> address(long contactId) {
        return jdbc.sql("select lower(emails[1]) from contacts where id = :id").param("id", contactId)
                .query(String.class).optional().filter(a -> a != null && !a.isBlank());
    }
}
