package app.klient.service;

import app.klient.service.internal.TicketMail;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an agent does, with its e-mail in the same transaction: a public reply is stored and sent; a resolved ticket
 * is told to whoever listens ({@link TicketResolved}: the surveys asking the customer how it went).
 */
@Service
public class TicketDesk {

    private final Tickets tickets;
    private final TicketMail mail;
    private final ApplicationEventPublisher events;

    TicketDesk(Tickets tickets, TicketMail mail, ApplicationEventPublisher events) {
        this.tickets = tickets;
        this.mail = mail;
        this.events = events;
    }

    @Transactional
    public TicketView reply(long id, String body, boolean internal, Integer version,
            java.util.List<app.klient.platform.files.StoredFile> files) {
        TicketView ticket = tickets.reply(id, body, internal, version, files);
        if (!internal) {
            mail.sendReply(ticket, body, files);
        }
        return ticket;
    }

    @Transactional
    public TicketView setStatus(long id, TicketStatus status, Integer version) {
        TicketView ticket = tickets.setStatus(id, status, version);
        if (status == TicketStatus.RESOLVED) {
            events.publishEvent(new TicketResolved(ticket.id()));
        }
        return tickets.get(id);
    }
}
