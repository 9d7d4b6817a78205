package app.klient.marketing.tracking;

import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The two consent changes tracking makes: a person withdraws (unsubscribing, complaining) and an address goes on
 * the suppression list (bounces, complaints). A stand-in until the consent part's front door ({@code Consents}) lands:
 * it writes the same history row and latest state that {@code Consents.withdraw/suppress} keep, and the merge swaps
 * the calls for those.
 */
@Component
class ConsentChanges {

    private final JdbcClient jdbc;

    ConsentChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Withdraws the contact's e-mail consent to the purpose (every purpose when {@code purposeId} is null); answers
     * how many consents changed, 0 when they already were withdrawn (a replayed unsubscribe changes nothing).
     */
    @Transactional
    public int withdraw(long contactId, Long purposeId, String source, String detail, String ipAddress) {
        String address = jdbc.sql("select lower(emails[1]) from contacts where id = :id").param("id", contactId)
                .query(String.class).optional().orElse(null);
        List<Long> purposes = jdbc.sql("""
                select s.purpose_id from consent_states s
                where s.contact_id = :contact and s.channel = 'EMAIL' and s.state <> 'WITHDRAWN'
                  and (cast(:purpose as bigint) is null or s.purpose_id = :purpose)
                order by s.purpose_id for update""").param("contact", contactId).param("purpose", purposeId)
                .query(Long.class).list();
        for (long purpose : purposes) {
            long consentId = jdbc.sql("""
                    insert into consents (contact_id, address, purpose_id, channel, state, source, source_detail,
                                          ip_address)
                    values (:contact, :address, :purpose, 'EMAIL', 'WITHDRAWN', :source, :detail, :ip) returning id""")
                    .param("contact", contactId).param("address", address == null ? "" : address)
                    .param("purpose", purpose).param("source", source).param("detail", cut(detail, 500))
                    .param("ip", cut(ipAddress, 45)).query(Long.class).single();
            jdbc.sql("""
                    update consent_states set state = 'WITHDRAWN', consent_id = :consent, since = now()
                    where contact_id = :contact and purpose_id = :purpose and channel = 'EMAIL'""")
                    .param("consent", consentId).param("contact", contactId).param("purpose", purpose).update();
        }
        return purposes.size();
    }

    /** Puts the address on the suppression list; answers false when it was there already (the first reason stays). */
    @Transactional
    public boolean suppress(String address, String reason, String detail) {
        return jdbc.sql("""
                insert into suppressions (address, reason, detail) values (:address, :reason, :detail)
                on conflict (address) do nothing""").param("address", address.strip().toLowerCase(Locale.ROOT))
                .param("reason", reason).param("detail", cut(detail, 500)).update() > 0;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
