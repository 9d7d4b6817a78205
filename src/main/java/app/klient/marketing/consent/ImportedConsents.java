package app.klient.marketing.consent;

import app.klient.customers.ImportConsent;
import app.klient.platform.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A contact import's consent column becomes history: a GIVEN consent (source IMPORT) for the newsletter and for
 * offers by e-mail, as the old yes/no flag meant, written in two set-based statements so the import keeps its speed.
 * Imported contacts are new, so nothing earlier is overwritten.
 */
@Component
class ImportedConsents implements ImportConsent {

    /** The purposes the old yes/no marketing flag stands for. */
    static final java.util.List<String> KEYS = java.util.List.of("newsletter", "offers");
    static final String PURPOSES = "('newsletter', 'offers')";

    private final JdbcClient jdbc;

    ImportedConsents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void agreed(long fromId, long toId) {
        jdbc.sql("""
                with agreed as (
                    select id, coalesce(lower(emails[1]), '') as address from contacts
                    where id between :from and :to and marketing_consent and consent_method = 'IMPORT'
                      and consent_at = now()),
                given as (
                    insert into consents (contact_id, address, purpose_id, channel, state, source, source_detail,
                                          by_user_id, at)
                    select a.id, a.address, p.id, 'EMAIL', 'GIVEN', 'IMPORT', 'contact-import', :by, now()
                    from agreed a cross join consent_purposes p where p.key in """ + PURPOSES + """
                    order by a.id, p.id
                    returning id, contact_id, purpose_id, at)
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                select contact_id, purpose_id, 'EMAIL', 'GIVEN', id, at from given
                on conflict (contact_id, purpose_id, channel) do nothing""")
                .param("from", fromId).param("to", toId).param("by", Actor.current().map(Actor::id).orElse(null))
                .update();
    }
}
