package app.klient.surveys.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import app.klient.billing.Seller;
import app.klient.customers.Companies;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.mail.Emails;
import app.klient.mail.Mailboxes;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Consents;
import app.klient.platform.PublicUrl;
import app.klient.service.TicketSurveyAnswers;
import app.klient.surveys.SurveyTrigger;
import app.klient.surveys.SurveyView;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks one person for one occasion, at most once: the occasion is claimed first (its unique key), then the person is
 * checked — an address to write to, not suppressed, and the 'surveys' consent: given, for a segment (a mailing the
 * person did not cause), not withdrawn, for an event of their own (a ticket, an order, a deal) —, then the quiet
 * period: nobody gets two surveys of one kind within it. The check and the invitation it allows are made under a lock
 * on the address, so two surveys of one kind offered to one person at the same moment ask once. The invitation is a
 * one-use link (256 random bits, only the SHA-256 kept) mailed through the outbox in the person's language, in the
 * transaction that claimed the occasion: both happen or neither.
 */
@Component
public class Invitations {

    /** What a survey is offered for: the record that made it, who was served, and how the mail refers to it. */
    public record Occasion(String causeKind, long causeId, Long contactId, Long companyId, String address,
            Long agentId, Long teamId, String reference, String thread) {

        public static Occasion of(String causeKind, long causeId, Long contactId) {
            return new Occasion(causeKind, causeId, contactId, null, null, null, null, null, null);
        }
    }

    /** What came of an offer; empty when the occasion had been met already. */
    public enum Outcome {
        INVITED, QUIET, NO_CONSENT, SUPPRESSED, NO_ADDRESS
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LOCK_SPACE = 0x53757276L; // "Surv"

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final Companies companies;
    private final Consents consents;
    private final Emails emails;
    private final Mailboxes mailboxes;
    private final PublicUrl publicUrl;
    private final Seller seller;
    private final MessageSource messages;
    private final TicketSurveyAnswers ticketRecord;

    Invitations(JdbcClient jdbc, Contacts contacts, Companies companies, Consents consents, Emails emails,
            Mailboxes mailboxes, PublicUrl publicUrl, Seller seller, MessageSource messages,
            TicketSurveyAnswers ticketRecord) {
        this.ticketRecord = ticketRecord;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.companies = companies;
        this.consents = consents;
        this.emails = emails;
        this.mailboxes = mailboxes;
        this.publicUrl = publicUrl;
        this.seller = seller;
        this.messages = messages;
    }

    /** Offers the survey for the occasion; joins the caller's transaction (the ticket resolved, the job's batch). */
    @Transactional(propagation = Propagation.REQUIRED)
    public Optional<Outcome> offer(SurveyView survey, Occasion occasion) {
        Optional<Long> claimed = jdbc.sql("""
                insert into survey_occasions (survey_id, cause_kind, cause_id, contact_id, outcome)
                values (:survey, :kind, :cause, :contact, 'NO_ADDRESS')
                on conflict (survey_id, cause_kind, cause_id, coalesce(contact_id, 0)) do nothing returning id""")
                .param("survey", survey.id()).param("kind", occasion.causeKind()).param("cause", occasion.causeId())
                .param("contact", occasion.contactId()).query(Long.class).optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        long occasionId = claimed.get();
        ContactView contact = occasion.contactId() == null ? null : contacts.get(occasion.contactId());
        String address = occasion.address() != null && !occasion.address().isBlank() ? occasion.address()
                : contact == null || contact.emails().isEmpty() ? null : contact.emails().get(0);
        Outcome outcome = address == null ? Outcome.NO_ADDRESS : refusal(survey, contact, address);
        if (outcome == null) {
            address = Consents.normalAddress(address);
            jdbc.sql("select pg_advisory_xact_lock(:space, hashtext(:address))").param("space", (int) LOCK_SPACE)
                    .param("address", address).query(Object.class).single();
            outcome = quiet(survey, contact, address) ? Outcome.QUIET : null;
        }
        if (outcome != null) {
            jdbc.sql("update survey_occasions set outcome = :outcome where id = :id").param("id", occasionId)
                    .param("outcome", outcome.name()).update();
            return Optional.of(outcome);
        }
        String language = language(contact, occasion.companyId());
        String token = token();
        Instant expires = Instant.now().plus(Duration.ofDays(survey.validDays()));
        Long company = occasion.companyId() != null ? occasion.companyId()
                : contact == null ? null : contact.companyId();
        long invitation = jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash,
                    cause_kind, cause_id, agent_id, team_id, expires_at)
                values (:survey, :contact, :company, :address, :language, :hash, :kind, :cause, :agent, :team,
                    :expires) returning id""")
                .param("survey", survey.id()).param("contact", occasion.contactId()).param("company", company)
                .param("address", address).param("language", language).param("hash", hash(token))
                .param("kind", occasion.causeKind()).param("cause", occasion.causeId())
                .param("agent", occasion.agentId()).param("team", occasion.teamId())
                .param("expires", Timestamp.from(expires)).query(Long.class).single();
        jdbc.sql("update survey_occasions set outcome = 'INVITED', invitation_id = :invitation where id = :id")
                .param("invitation", invitation).param("id", occasionId).update();
        Mail mail = mail(survey, occasion, contact, address, language, token, expires, invitation);
        emails.deliver(mail.outgoing());
        if ("TICKET".equals(occasion.causeKind())) {
            ticketRecord.mailed(occasion.causeId(), mail.subject() + "\n\n" + mail.shown(),
                    mail.outgoing().messageId());
        }
        return Optional.of(Outcome.INVITED);
    }

    /**
     * Asks the survey where the person is now (the chat widget at a chat's end) rather than by e-mail: once per
     * occasion; answers the link's secret for the page that asks, or empty when the occasion was met already.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public Optional<String> inline(SurveyView survey, Occasion occasion, String language) {
        Optional<Long> claimed = jdbc.sql("""
                insert into survey_occasions (survey_id, cause_kind, cause_id, contact_id, outcome)
                values (:survey, :kind, :cause, :contact, 'INVITED')
                on conflict (survey_id, cause_kind, cause_id, coalesce(contact_id, 0)) do nothing returning id""")
                .param("survey", survey.id()).param("kind", occasion.causeKind()).param("cause", occasion.causeId())
                .param("contact", occasion.contactId()).query(Long.class).optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        String token = token();
        long invitation = jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash,
                    cause_kind, cause_id, agent_id, team_id, expires_at)
                values (:survey, :contact, :company, :address, :language, :hash, :kind, :cause, :agent, :team,
                    :expires) returning id""")
                .param("survey", survey.id()).param("contact", occasion.contactId())
                .param("company", occasion.companyId())
                .param("address", occasion.address() == null ? "" : occasion.address()).param("language", language)
                .param("hash", hash(token)).param("kind", occasion.causeKind()).param("cause", occasion.causeId())
                .param("agent", occasion.agentId()).param("team", occasion.teamId())
                .param("expires", Timestamp.from(Instant.now().plus(Duration.ofDays(survey.validDays()))))
                .query(Long.class).single();
        jdbc.sql("update survey_occasions set invitation_id = :invitation where id = :id")
                .param("invitation", invitation).param("id", claimed.get()).update();
        return Optional.of(token);
    }

    /** Why the person may not be asked (null: they may): suppressed, or no consent that allows it. */
    private Outcome refusal(SurveyView survey, ContactView contact, String address) {
        if (consents.isSuppressed(address)) {
            return Outcome.SUPPRESSED;
        }
        if (contact == null) {
            // a requester known only by the address of their e-mail: asked about what they themselves asked for
            return survey.trigger() == SurveyTrigger.SEGMENT ? Outcome.NO_CONSENT : null;
        }
        Optional<Consents.State> state = consents.purposeId("surveys")
                .flatMap(purpose -> consents.state(contact.id(), purpose, Consents.Channel.EMAIL));
        boolean allowed = survey.trigger() == SurveyTrigger.SEGMENT
                ? state.filter(s -> s == Consents.State.GIVEN).isPresent()
                : state.filter(s -> s == Consents.State.WITHDRAWN).isEmpty();
        return allowed ? null : Outcome.NO_CONSENT;
    }

    /** Whether the person was asked a survey of this kind within the survey's quiet period. */
    private boolean quiet(SurveyView survey, ContactView contact, String address) {
        if (survey.quietDays() == 0) {
            return false;
        }
        return jdbc.sql("""
                select exists (select 1 from survey_invitations i join surveys s on s.id = i.survey_id
                               where s.kind = :kind and i.sent_at > now() - make_interval(days => :days)
                                 and (lower(i.address) = :address or i.contact_id = :contact))""")
                .param("kind", survey.kind().name()).param("days", survey.quietDays()).param("address", address)
                .param("contact", contact == null ? -1L : contact.id()).query(Boolean.class).single();
    }

    /** The contact's own language; else that of their company's country, else of the seller's; else English. */
    private String language(ContactView contact, Long companyId) {
        if (contact != null && contact.preferredLanguage() != null) {
            String own = contact.preferredLanguage().toLowerCase(Locale.ROOT);
            if (own.matches("en|pl|cs")) {
                return own;
            }
        }
        Long company = companyId != null ? companyId : contact == null ? null : contact.companyId();
        String country = company == null ? null : companies.get(company).country();
        if (country == null) {
            country = seller.get().country();
        }
        return switch (country == null ? "" : country) {
            case "PL" -> "pl";
            case "CZ", "SK" -> "cs";
            default -> "en";
        };
    }

    /** An invitation as mailed, its subject, and its text as a ticket's thread shows it (the link left out). */
    private record Mail(OutgoingMail outgoing, String subject, String shown) {
    }

    /**
     * The invitation in the person's language. Its subject and first lines say what the survey asks (recommending
     * us, ease, satisfaction), so two surveys about one ticket are told apart; a ticket's survey answers in the
     * ticket's thread.
     */
    private Mail mail(SurveyView survey, Occasion occasion, ContactView contact, String address,
            String language, String token, Instant expires, long invitation) {
        Locale locale = Locale.forLanguageTag(language);
        ZoneId zone = seller.get().zone();
        String reference = occasion.reference() == null ? "" : occasion.reference();
        // worded for what made this invitation: a contact asked by hand is not told of a delivery
        String why = switch (occasion.causeKind()) {
            case "MANUAL" -> SurveyTrigger.MANUAL.name();
            case "SEGMENT" -> SurveyTrigger.SEGMENT.name();
            default -> survey.trigger().name();
        };
        String subject = messages.getMessage("surveys.mail.subjectOfKind", new Object[] {
            messages.getMessage("surveys.mail.subject." + why, new Object[] { reference }, locale),
            messages.getMessage("surveys.mail.kindName." + survey.kind().name(), null, locale) }, locale);
        String greeting = contact == null || contact.firstName() == null || contact.firstName().isBlank()
                ? messages.getMessage("surveys.mail.hello", null, locale)
                : messages.getMessage("surveys.mail.helloName", new Object[] { contact.firstName() }, locale);
        String before = greeting + "\n\n"
                + messages.getMessage("surveys.mail.why." + why, new Object[] { reference },
                        locale)
                + "\n" + messages.getMessage("surveys.mail.asks." + survey.kind().name(), null, locale) + "\n\n";
        String after = "\n\n" + messages.getMessage("surveys.mail.until", new Object[] { DateTimeFormatter
                        .ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(expires.atZone(zone)) }, locale)
                + "\n\n" + messages.getMessage("surveys.mail.thanks", null, locale);
        OutgoingMail mail = OutgoingMail.to(address, subject, before + publicUrl.of("/forms/survey/" + token) + after)
                .withMessageId("<survey-" + invitation + "." + token.substring(0, 8) + "@klient>")
                .answeringAutomatically();
        // a ticket's survey answers in the ticket's thread (its newest message), with the support mailbox to reply to
        String thread = "TICKET".equals(occasion.causeKind()) ? ticketRecord.thread(occasion.causeId()).orElse(null)
                : occasion.thread();
        if (thread != null) {
            mail = mail.inReplyTo(thread);
        }
        if (thread != null || "TICKET".equals(occasion.causeKind())) {
            mail = mail.replyTo(mailboxes.replyAddress(thread).orElse(null));
        }
        return new Mail(mail, subject, before + messages.getMessage("surveys.mail.linkShown", null, locale) + after);
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The only form in which a link's token is kept. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token as issued: 43 characters of base64url (anything else is not looked up). */
    public static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.matches("[A-Za-z0-9_-]{43}");
    }
}
