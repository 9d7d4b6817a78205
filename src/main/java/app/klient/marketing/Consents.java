package app.klient.marketing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.platform.Actor;
import app.klient.platform.Phrase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent per purpose and channel, and the suppression list: the front door other parts of marketing call.
 * Every change is a new row in {@code consents} (never updated, never deleted), and the latest one per contact,
 * purpose and channel is kept in {@code consent_states} in the same transaction, so the history is whole and the
 * audience rule asks one indexed row. Changes of one contact's consents are serialised (a transaction-scoped
 * advisory lock), so an unsubscribe and a confirmation arriving together leave a history that reads in order.
 */
@Service
public class Consents {

    /** The way Klient may reach someone for a purpose. */
    public enum Channel {
        EMAIL, PHONE, SMS
    }

    /** PENDING: asked for by a form, waiting for the person's confirmation (double opt-in). */
    public enum State {
        PENDING, GIVEN, WITHDRAWN
    }

    /** Where a consent change came from. */
    public enum Source {
        FORM, CONFIRMATION, IMPORT, API, MANUAL, UNSUBSCRIBE, COMPLAINT, MIGRATION
    }

    /** Why an address is on the suppression list. */
    public enum SuppressionReason {
        HARD_BOUNCE, SOFT_BOUNCES, COMPLAINT, MANUAL
    }

    /**
     * One change to record: the state a contact's consent for a purpose on a channel moves to, where it came from
     * (with a detail such as the campaign or the form), the wording the person saw and its language, the address it
     * is about (null: the contact's first e-mail address or phone number) and the visitor's IP address if any.
     */
    public record Change(long contactId, long purposeId, Channel channel, State state, Source source, String detail,
            String address, String wording, String language, String ipAddress) {

        public static Change of(long contactId, long purposeId, Channel channel, State state, Source source) {
            return new Change(contactId, purposeId, channel, state, source, null, null, null, null, null);
        }

        public Change detail(String text) {
            return new Change(contactId, purposeId, channel, state, source, text, address, wording, language,
                    ipAddress);
        }

        public Change wording(String text, String inLanguage) {
            return new Change(contactId, purposeId, channel, state, source, detail, address, text, inLanguage,
                    ipAddress);
        }

        public Change address(String value) {
            return new Change(contactId, purposeId, channel, state, source, detail, value, wording, language,
                    ipAddress);
        }

        public Change ipAddress(String value) {
            return new Change(contactId, purposeId, channel, state, source, detail, address, wording, language,
                    value);
        }
    }

    private final JdbcClient jdbc;
    private final Timeline timeline;

    Consents(JdbcClient jdbc, Timeline timeline) {
        this.jdbc = jdbc;
        this.timeline = timeline;
    }

    /**
     * The contact no longer agrees to be written to for the purpose on the channel (an unsubscribe link, a complaint,
     * a person's request). Safe to repeat: a consent already withdrawn stays as it is and nothing new is recorded;
     * answers whether this call changed anything. A contact who never consented gets a WITHDRAWN row too, the proof
     * that they objected.
     */
    @Transactional
    public boolean withdraw(long contactId, long purposeId, Channel channel, Source source, String detail) {
        return change(Change.of(contactId, purposeId, channel, State.WITHDRAWN, source).detail(detail)).isPresent();
    }

    /** {@link #withdraw} for every purpose ("no marketing at all" on this channel); answers how many changed. */
    @Transactional
    public int withdrawAll(long contactId, Channel channel, Source source, String detail) {
        int changed = 0;
        for (long purposeId : jdbc.sql("select id from consent_purposes order by id").query(Long.class).list()) {
            if (withdraw(contactId, purposeId, channel, source, detail)) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * Puts an address on the suppression list: no marketing message goes to it whatever the consents say. Safe to
     * repeat: an address already there keeps its first reason, except that a complaint outranks a bounce or a
     * marketer's decision. Answers whether the list changed.
     */
    @Transactional
    public boolean suppress(String address, SuppressionReason reason, String detail) {
        String normal = normalAddress(address);
        if (normal == null) {
            return false;
        }
        int rows = jdbc.sql("""
                insert into suppressions (address, reason, detail, by_user_id) values (:address, :reason, :detail, :by)
                on conflict (address) do update set reason = excluded.reason, detail = excluded.detail,
                    by_user_id = excluded.by_user_id, at = now()
                where excluded.reason = 'COMPLAINT' and suppressions.reason <> 'COMPLAINT'""")
                .param("address", normal).param("reason", reason.name()).param("detail", cut(detail, 500))
                .param("by", Actor.current().map(Actor::id).orElse(null)).update();
        if (rows > 0) {
            jdbc.sql("delete from soft_bounces where address = :address").param("address", normal).update();
        }
        return rows > 0;
    }

    public boolean isSuppressed(String address) {
        String normal = normalAddress(address);
        return normal != null && jdbc.sql("select exists (select 1 from suppressions where address = :a)")
                .param("a", normal).query(Boolean.class).single();
    }

    /** The contact's current state for the purpose on the channel; empty when it was never asked. */
    @Transactional(readOnly = true)
    public Optional<State> state(long contactId, long purposeId, Channel channel) {
        return jdbc.sql("""
                select state from consent_states where contact_id = :c and purpose_id = :p and channel = :ch""")
                .param("c", contactId).param("p", purposeId).param("ch", channel.name())
                .query(String.class).optional().map(State::valueOf);
    }

    /** The purpose's id by its key (newsletter, offers, surveys, or one the administrator added). */
    public Optional<Long> purposeId(String key) {
        return jdbc.sql("select id from consent_purposes where key = :key").param("key", key).query(Long.class)
                .optional();
    }

    /**
     * Records one change unless it changes nothing (the same state again); answers the new history row's id. The
     * one place that writes {@code consents} and {@code consent_states} for a single contact. Each change is an
     * entry on the contact's timeline, except an unsubscribe: the caller writes one entry for the message that was
     * unsubscribed from, however many purposes it withdrew.
     */
    @Transactional
    public Optional<Long> change(Change change) {
        jdbc.sql("select pg_advisory_xact_lock(1129270099, hashtext(cast(:c as text)))")
                .param("c", change.contactId()).query().singleRow();
        Optional<String> current = jdbc.sql("""
                select state from consent_states where contact_id = :c and purpose_id = :p and channel = :ch""")
                .param("c", change.contactId()).param("p", change.purposeId()).param("ch", change.channel().name())
                .query(String.class).optional();
        if (current.isPresent() && current.get().equals(change.state().name())) {
            return Optional.empty();
        }
        String address = change.address() != null && !change.address().isBlank() ? change.address().strip()
                : contactAddress(change.contactId(), change.channel());
        Long by = Actor.current().map(Actor::id).orElse(null);
        long id = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source, source_detail,
                                      by_user_id, ip_address, wording, language)
                values (:c, :address, :p, :ch, :state, :source, :detail, :by, :ip, :wording, :language)
                returning id""")
                .param("c", change.contactId()).param("address", cut(address, 320)).param("p", change.purposeId())
                .param("ch", change.channel().name()).param("state", change.state().name())
                .param("source", change.source().name()).param("detail", cut(change.detail(), 500))
                .param("by", by).param("ip", cut(change.ipAddress(), 45)).param("wording", cut(change.wording(), 2000))
                .param("language", cut(change.language(), 5)).query(Long.class).single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                values (:c, :p, :ch, :state, :id, now())
                on conflict (contact_id, purpose_id, channel)
                do update set state = excluded.state, consent_id = excluded.consent_id, since = excluded.since""")
                .param("c", change.contactId()).param("p", change.purposeId()).param("ch", change.channel().name())
                .param("state", change.state().name()).param("id", id).update();
        if (change.source() == Source.UNSUBSCRIBE) {
            // the message unsubscribed from writes the one entry, naming its campaign or journey
            return Optional.of(id);
        }
        timeline.record(TimelineRecord.coded(null, change.contactId(), "CONSENT", null,
                Phrase.of("consent.timeline." + change.state().name(), purposeName(change.purposeId()),
                        Phrase.code("consent.channel." + change.channel().name(), change.channel().name()),
                        Phrase.code("consent.source." + change.source().name(), change.source().name())),
                "marketing", id, by).titled(Phrase.of("consent.timeline.title")));
        return Optional.of(id);
    }

    /** The purpose's label in every language, for a phrase rendered in the reader's. */
    Phrase.Value purposeName(long purposeId) {
        return jdbc.sql("select label_en, label_pl, label_cs from consent_purposes where id = :id")
                .param("id", purposeId)
                .query((rs, n) -> Phrase.named(rs.getString(1),
                        java.util.Map.of("en", rs.getString(1), "pl", rs.getString(2), "cs", rs.getString(3))))
                .optional().orElse(Phrase.text("#" + purposeId));
    }

    private String contactAddress(long contactId, Channel channel) {
        String column = channel == Channel.EMAIL ? "lower(emails[1])" : "phones[1]";
        return jdbc.sql("select " + column + " from contacts where id = :id").param("id", contactId)
                .query(String.class).optional().filter(a -> a != null).orElse("");
    }

    /** An e-mail address as the suppression list keeps it; null when it is not one. */
    public static String normalAddress(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        return a.isEmpty() || a.length() > 320 || !a.contains("@") ? null : a;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static List<Channel> channels() {
        return List.of(Channel.values());
    }
}
