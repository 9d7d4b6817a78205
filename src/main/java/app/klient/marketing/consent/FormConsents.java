package app.klient.marketing.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.customers.Contacts;
import app.klient.mail.Emails;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Consents;
import app.klient.marketing.internal.TrackingLinks;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.platform.web.KlientLocaleResolver;
import app.klient.sales.ConsentQuestions;
import app.klient.sales.LeadCaptured;
import app.klient.sales.LeadConverted;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent asked for on the public web forms, confirmed by e-mail (double opt-in): the form shows a box per active
 * purpose in the visitor's language; a ticked box becomes a PENDING consent with the words shown, and one e-mail in
 * the visitor's language asks the person to confirm; the signed link makes them GIVEN. A consent of a lead waits on
 * the lead (no contact yet) and follows it when the lead becomes a contact.
 */
@Component
public class FormConsents implements ConsentQuestions {

    /** What a confirmation link names, as its page shows it. */
    public record Confirmation(long id, Long contactId, Long leadId, String address, Locale locale,
            List<Long> purposeIds, List<String> wordings, boolean confirmed) {
    }

    private final JdbcClient jdbc;
    private final Purposes purposes;
    private final Consents consents;
    private final Contacts contacts;
    private final Emails emails;
    private final TrackingLinks links;
    private final TrackingTokens tokens;
    private final MessageSource messages;

    FormConsents(JdbcClient jdbc, Purposes purposes, Consents consents, Contacts contacts, Emails emails,
            TrackingLinks links, TrackingTokens tokens, MessageSource messages) {
        this.jdbc = jdbc;
        this.purposes = purposes;
        this.consents = consents;
        this.contacts = contacts;
        this.emails = emails;
        this.links = links;
        this.tokens = tokens;
        this.messages = messages;
    }

    @Override
    public List<Question> ask(Locale locale) {
        return purposes.list(true).stream()
                .map(p -> new Question(p.key(), p.label(locale), p.wording(locale))).toList();
    }

    @ApplicationModuleListener
    void on(LeadCaptured captured) {
        ask(captured);
    }

    /** Records the ticked consents as PENDING and sends the confirmation e-mail; answers the confirmation's id. */
    @Transactional
    public Optional<Long> ask(LeadCaptured captured) {
        String address = Consents.normalAddress(captured.email());
        if (captured.consents().isEmpty() || address == null) {
            return Optional.empty();
        }
        Locale locale = KlientLocaleResolver.supported(captured.language()).orElse(Locale.ENGLISH);
        Optional<Long> contact = contacts.findByEmail(address);
        List<Long> asked = new ArrayList<>();
        List<String> wordings = new ArrayList<>();
        String detail = "web form #" + captured.webFormId() + ", lead #" + captured.leadId();
        for (Question q : captured.consents()) {
            Optional<Long> purpose = consents.purposeId(q.key());
            if (purpose.isEmpty() || asked.contains(purpose.get())) {
                continue;
            }
            if (alreadyGiven(contact, address, purpose.get())) {
                continue; // agreed already: nothing to confirm, and the GIVEN state is not undone by asking
            }
            if (contact.isPresent()) {
                consents.change(Consents.Change.of(contact.get(), purpose.get(), Consents.Channel.EMAIL,
                        Consents.State.PENDING, Consents.Source.FORM).detail(detail).address(address)
                        .wording(q.wording(), locale.getLanguage()).ipAddress(captured.ipAddress()));
            }
            else {
                insertForLead(captured.leadId(), address, purpose.get(), "PENDING", "FORM", detail, q.wording(),
                        locale.getLanguage(), captured.ipAddress());
            }
            asked.add(purpose.get());
            wordings.add(q.wording());
        }
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        long id = jdbc.sql("""
                insert into consent_confirmations (contact_id, lead_id, address, language, purpose_ids, wordings,
                                                   ip_address)
                values (:contact, :lead, :address, :language, :purposes, :wordings, :ip) returning id""")
                .param("contact", contact.orElse(null)).param("lead", captured.leadId()).param("address", address)
                .param("language", locale.getLanguage()).param("purposes", asked.toArray(Long[]::new))
                .param("wordings", wordings.toArray(String[]::new))
                .param("ip", captured.ipAddress() == null ? null
                        : captured.ipAddress().substring(0, Math.min(45, captured.ipAddress().length())))
                .query(Long.class).single();
        String link = links.confirmation(new TrackingTokens.Ref(TrackingTokens.Source.CONFIRMATION, id,
                contact.orElse(0L)));
        StringBuilder body = new StringBuilder(messages.getMessage("consent.mail.intro", null, locale))
                .append("\n\n");
        for (int i = 0; i < asked.size(); i++) {
            long purposeId = asked.get(i);
            body.append("• ").append(purposes.find(purposeId).map(p -> p.label(locale)).orElse(""))
                    .append(": ").append(wordings.get(i)).append('\n');
        }
        body.append('\n').append(messages.getMessage("consent.mail.action", null, locale)).append('\n')
                .append(link).append("\n\n").append(messages.getMessage("consent.mail.ignore", null, locale))
                .append('\n');
        emails.deliver(OutgoingMail.to(address, messages.getMessage("consent.mail.subject", null, locale),
                body.toString()).generatedAutomatically());
        return Optional.of(id);
    }

    /**
     * Whether the person agreed to the purpose already: the contact's current state when the address is a contact's
     * and it has one; else the latest consent recorded for the address, whoever it was recorded for (an earlier
     * form's lead, confirmed or not yet converted, or a contact found by another address).
     */
    private boolean alreadyGiven(Optional<Long> contact, String address, long purpose) {
        Optional<Consents.State> current = contact.flatMap(c -> consents.state(c, purpose, Consents.Channel.EMAIL));
        if (current.isPresent()) {
            return current.get() == Consents.State.GIVEN;
        }
        return jdbc.sql("""
                select state from consents where lower(address) = :address and purpose_id = :purpose
                  and channel = 'EMAIL' order by id desc limit 1""").param("address", address.toLowerCase(Locale.ROOT))
                .param("purpose", purpose).query(String.class).optional().filter("GIVEN"::equals).isPresent();
    }

    /** The confirmation a link names; empty for a link that is not ours or names nothing. */
    @Transactional(readOnly = true)
    public Optional<Confirmation> read(String token) {
        return tokens.read(token).filter(ref -> ref.source() == TrackingTokens.Source.CONFIRMATION)
                .flatMap(ref -> jdbc.sql("select * from consent_confirmations where id = :id")
                        .param("id", ref.sourceId())
                        .query((rs, n) -> new Confirmation(rs.getLong("id"), (Long) rs.getObject("contact_id"),
                                (Long) rs.getObject("lead_id"), rs.getString("address"),
                                KlientLocaleResolver.supported(rs.getString("language")).orElse(Locale.ENGLISH),
                                List.of((Long[]) rs.getArray("purpose_ids").getArray()),
                                List.of((String[]) rs.getArray("wordings").getArray()),
                                rs.getTimestamp("confirmed_at") != null))
                        .optional());
    }

    /**
     * The person followed the link and confirmed: the asked consents become GIVEN. Confirming twice (a second click,
     * a mail scanner) changes nothing more; answers whether this call confirmed.
     */
    @Transactional
    public boolean confirm(String token, String ipAddress) {
        Confirmation c = read(token).orElseThrow(
                () -> app.klient.platform.KlientException.notFound("consent.confirm.invalid"));
        int claimed = jdbc.sql("""
                update consent_confirmations set confirmed_at = now() where id = :id and confirmed_at is null""")
                .param("id", c.id()).update();
        if (claimed == 0) {
            return false;
        }
        String detail = "confirmation #" + c.id();
        for (int i = 0; i < c.purposeIds().size(); i++) {
            long purposeId = c.purposeIds().get(i);
            String wording = c.wordings().get(i);
            if (c.contactId() != null) {
                consents.change(Consents.Change.of(c.contactId(), purposeId, Consents.Channel.EMAIL,
                        Consents.State.GIVEN, Consents.Source.CONFIRMATION).detail(detail).address(c.address())
                        .wording(wording, c.locale().getLanguage()).ipAddress(ipAddress));
            }
            else {
                insertForLead(c.leadId(), c.address(), purposeId, "GIVEN", "CONFIRMATION", detail, wording,
                        c.locale().getLanguage(), ipAddress);
            }
        }
        return true;
    }

    /** A lead's consents follow it to the contact it became, and its current state is the latest of them. */
    @ApplicationModuleListener
    void on(LeadConverted converted) {
        follow(converted.leadId(), converted.contactId());
    }

    @Transactional
    public void follow(long leadId, long contactId) {
        jdbc.sql("select pg_advisory_xact_lock(1129270099, hashtext(cast(:c as text)))").param("c", contactId)
                .query().singleRow();
        int moved = jdbc.sql("update consents set contact_id = :c where lead_id = :l and contact_id is null")
                .param("c", contactId).param("l", leadId).update();
        jdbc.sql("update consent_confirmations set contact_id = :c where lead_id = :l and contact_id is null")
                .param("c", contactId).param("l", leadId).update();
        if (moved == 0) {
            return;
        }
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                select distinct on (purpose_id, channel) contact_id, purpose_id, channel, state, id, at
                from consents where lead_id = :l and contact_id = :c
                order by purpose_id, channel, id desc
                on conflict (contact_id, purpose_id, channel) do update
                set state = excluded.state, consent_id = excluded.consent_id, since = excluded.since
                where consent_states.consent_id < excluded.consent_id""")
                .param("l", leadId).param("c", contactId).update();
    }

    private void insertForLead(long leadId, String address, long purposeId, String state, String source,
            String detail, String wording, String language, String ip) {
        jdbc.sql("""
                insert into consents (lead_id, address, purpose_id, channel, state, source, source_detail,
                                      ip_address, wording, language)
                values (:lead, :address, :purpose, 'EMAIL', :state, :source, :detail, :ip, :wording, :language)""")
                .param("lead", leadId).param("address", address).param("purpose", purposeId).param("state", state)
                .param("source", source).param("detail", detail)
                .param("ip", ip == null ? null : ip.substring(0, Math.min(45, ip.length())))
                .param("wording", wording).param("language", language).update();
    }
}
