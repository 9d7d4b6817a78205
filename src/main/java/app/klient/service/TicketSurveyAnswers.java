package app.klient.service;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ticket's own record of what its customer answered in the survey after it was resolved (the surveys module asks
 * and keeps every answer; the ticket shows its satisfaction and effort, and filters and reports on tickets read them
 * from here).
 */
@Service
public class TicketSurveyAnswers {

    private final JdbcClient jdbc;

    TicketSurveyAnswers(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
