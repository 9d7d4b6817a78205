package app.klient.service.internal;

import java.util.Locale;
import java.util.UUID;

import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.mail.Emails;
import app.klient.mail.InboundEmail;
import app.klient.mail.Mailboxes;
import app.klient.mail.OutgoingMail;
import app.klient.service.TicketChannel;
import app.klient.service.TicketForm;
import app.klient.service.TicketView;
import app.klient.service.Tickets;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * E-mail and tickets: a message to a support mailbox opens a ticket (and the customer gets an acknowledgement with
 * its number); a message answering a ticket, by its thread or the ticket number in the subject, joins it whichever
 * mailbox it reached. Agents' public replies go out by e-mail, threaded, with the support mailbox as
 * Reply-To. The mailbox stores each message once, so a repeated poll makes no second ticket; the acknowledgement goes
 * through the outbox, so a mail server that is down delays it but never loses the ticket.
 */
@Component
public class TicketMail {

    private final Tickets tickets;
    private final Emails emails;
    private final Contacts contacts;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final Mailboxes mailboxes;

    TicketMail(Tickets tickets, Emails emails, Contacts contacts, MessageSource messages,
            JdbcClient jdbc, Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
        this.tickets = tickets;
        this.emails = emails;
        this.contacts = contacts;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(InboundEmail email) {
        if (email.automatic() || tickets.knowsMessage(email.messageId())) {
            // a bounce or an auto-reply answered with an acknowledgement would start a mail loop; a message the
            // ticket already has (it reached two mailboxes) is not a second reply
            return;
        }
        var existing = tickets.findForMessage(email.references(), email.subject());
        if (existing.isPresent()) {
            tickets.customerReplied(existing.get(), email.body(), email.messageId(), email.emailId());
            // the ticket is its record now: it does not wait in the sales Inbox as well
            emails.markFiled(email.emailId());
            return;
        }
        if (!"SUPPORT".equals(email.purpose())) {
            return;
        }
        String subject = email.subject() == null || email.subject().isBlank() ? "(no subject)" : email.subject();
        long id = tickets.openReceived(TicketForm.received(subject.length() > 300 ? subject.substring(0, 300) : subject,
                email.body(), email.contactId(), null), TicketChannel.EMAIL, email.fromAddress(), email.messageId(),
                email.emailId());
        TicketView ticket = tickets.get(id);
        Locale locale = locale(ticket);
        emails.deliver(OutgoingMail.to(email.fromAddress(), "[" + ticket.number() + "] " + ticket.subject(),
                messages.getMessage("ticket.ackBody", new Object[] { ticket.number() }, locale))
                .withMessageId(messageId(ticket)).inReplyTo(email.messageId())
                .replyTo(mailboxes.replyAddress(email.messageId()).orElse(null)).answeringAutomatically());
    }

    /** Sends an agent's public reply to the customer, in the ticket's thread; false when there is no address. */
    public boolean sendReply(TicketView ticket, String body, java.util.List<app.klient.platform.files.StoredFile> files) {
        String to = address(ticket);
        if (to == null) {
            return false;
        }
        String id = messageId(ticket);
        emails.deliver(OutgoingMail.to(to, "[" + ticket.number() + "] " + ticket.subject(), body).withMessageId(id)
                .inReplyTo(ticket.messageIdOr()).replyTo(mailboxes.replyAddress(ticket.messageIdOr()).orElse(null))
                .withFiles(files));
        jdbc.sql("update ticket_messages set message_id = :mid where id = (select max(id) from ticket_messages where "
                + "ticket_id = :t and kind = 'PUBLIC')").param("mid", id).param("t", ticket.id()).update();
        return true;
    }

    private String address(TicketView ticket) {
        if (ticket.requesterEmail() != null) {
            return ticket.requesterEmail();
        }
        if (ticket.contactId() != null) {
            ContactView contact = contacts.get(ticket.contactId());
            return contact.emails().isEmpty() ? null : contact.emails().get(0);
        }
        return null;
    }

    private Locale locale(TicketView ticket) {
        if (ticket.contactId() != null) {
            String language = contacts.get(ticket.contactId()).preferredLanguage();
            if (language != null && language.matches("en|pl|cs")) {
                return Locale.forLanguageTag(language);
            }
        }
        return Locale.forLanguageTag("pl");
    }

    private static String messageId(TicketView ticket) {
        return "<" + ticket.number() + "." + UUID.randomUUID() + "@klient>";
    }
}
