package app.klient.service;

import app.klient.service.internal.TicketMail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an agent does, with its e-mail in the same transaction: a public reply is stored and sent, a resolved ticket
 * sends its survey; when the mail server refuses, nothing is stored and the agent is told.
 */
@Service
public class TicketDesk {

    private final Tickets tickets;
    private final TicketMail mail;

    TicketDesk(Tickets tickets, TicketMail mail) {
        this.tickets = tickets;
        this.mail = mail;
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
            mail.sendSurvey(ticket);
        }
        return tickets.get(id);
    }
}
