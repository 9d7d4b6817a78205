package app.klient.service;

import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ticket's own record of the surveys about it: each survey mail in the ticket's thread (so agents see what the
 * customer was asked, and a reply to it joins the ticket), and what the customer answered in the ticket's
 * satisfaction survey (the surveys module asks and keeps every answer; the ticket shows its satisfaction and effort,
 * and filters and reports on tickets read them from here).
 */
@Service
public class TicketSurveyAnswers {

    private final JdbcClient jdbc;

    TicketSurveyAnswers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The Message-ID a mail about the ticket answers: the newest message of its thread that has one (a reply sent,
     * the customer's mail), else the mail that opened the ticket; empty when nothing about it was mailed yet.
     */
    @Transactional(readOnly = true)
    public Optional<String> thread(long ticketId) {
        return jdbc.sql("""
                select coalesce((select m.message_id from ticket_messages m
                                 where m.ticket_id = t.id and m.message_id is not null
                                 order by m.created_at desc, m.id desc limit 1), t.message_id)
                from tickets t where t.id = :id""").param("id", ticketId).query(String.class).optional()
                .filter(Objects::nonNull);
    }

    /**
     * A survey mailed about the ticket, kept in its thread as a public message sent by Klient (no author): its text as
     * the customer read it, without the link (which is theirs alone), and its Message-ID.
     */
    @Transactional
    public void mailed(long ticketId, String body, String messageId) {
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, body, message_id)
                values (:id, 'PUBLIC', :body, :messageId)""").param("id", ticketId).param("body", body)
                .param("messageId", messageId).update();
    }

    /** Satisfaction 1–5 and effort 1–7 as answered (null: not asked or left out), and the comment. */
    @Transactional
    public void answered(long ticketId, Integer csat, Integer ces, String comment) {
        jdbc.sql("""
                update tickets set csat = coalesce(:csat, csat), ces = coalesce(:ces, ces),
                    survey_comment = coalesce(:comment, survey_comment), survey_answered_at = now()
                where id = :id""").param("csat", csat).param("ces", ces).param("comment", comment)
                .param("id", ticketId).update();
    }
}
