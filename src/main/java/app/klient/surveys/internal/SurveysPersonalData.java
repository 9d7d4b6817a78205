package app.klient.surveys.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Surveys sent to the person and what they answered. Erasure keeps the scores (NPS and CSAT count them) and drops
 * the words: comments, free answers and the address an invitation went to.
 */
@Component
class SurveysPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    SurveysPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "surveys";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        Long[] contacts = subject.contactIds().toArray(Long[]::new);
        export.rows(section(), "invitations", jdbc.sql("""
                select i.id, s.name as survey, i.address, i.language, i.sent_at, i.answered_at
                  from survey_invitations i join surveys s on s.id = i.survey_id
                 where i.contact_id = any(cast(:c as bigint[])) order by i.sent_at""")
                .param("c", contacts).query().listOfRows());
        export.rows(section(), "responses", jdbc.sql("""
                select id, survey_id, kind, score, comment, language, answered_at from survey_responses
                 where contact_id = any(cast(:c as bigint[])) order by answered_at""")
                .param("c", contacts).query().listOfRows());
        export.rows(section(), "answers", jdbc.sql("""
                select a.response_id, q.text_en as question, a.score, a.choice, a.text
                  from survey_answers a join survey_responses r on r.id = a.response_id
                  join survey_questions q on q.id = a.question_id
                 where r.contact_id = any(cast(:c as bigint[])) order by a.response_id, q.position""")
                .param("c", contacts).query().listOfRows());
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        Long[] contacts = subject.contactIds().toArray(Long[]::new);
        report.changed("survey_answers", jdbc.sql("""
                update survey_answers set text = null where text is not null and response_id in
                       (select id from survey_responses where contact_id = any(cast(:c as bigint[])))""")
                .param("c", contacts).update());
        report.changed("survey_responses", jdbc.sql("""
                update survey_responses set comment = null
                 where comment is not null and contact_id = any(cast(:c as bigint[]))""")
                .param("c", contacts).update());
        report.changed("survey_invitations", jdbc.sql("""
                update survey_invitations set address = :erased || ' ' || id where contact_id = any(cast(:c as bigint[]))""")
                .param("c", contacts).param("erased", DataSubject.ERASED).update());
        for (String table : List.of("survey_answers", "survey_responses", "survey_invitations")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
