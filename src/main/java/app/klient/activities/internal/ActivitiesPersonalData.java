package app.klient.activities.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calls, meetings, notes and tasks with the person. Erasure keeps that a call took place (the team's figures count
 * it) and drops what was said: the notes of the person's own activities, and the person's name everywhere else.
 */
@Component
class ActivitiesPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    ActivitiesPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "activities";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        export.rows(section(), "activities", jdbc.sql("""
                select id, type, subject, body, direction, contact_id, lead_id, occurred_at, ends_at, duration_minutes,
                       outcome, location
                  from activities a
                 where contact_id = any(cast(:contacts as bigint[])) or lead_id = any(cast(:leads as bigint[]))
                    or exists (select 1 from activity_participants p
                                where p.activity_id = a.id and p.contact_id = any(cast(:contacts as bigint[])))
                 order by occurred_at, id""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new)).query().listOfRows());
        export.rows(section(), "tasks", jdbc.sql("""
                select id, title, description, due_at, done, done_at, contact_id, lead_id, created_at from tasks
                 where contact_id = any(cast(:contacts as bigint[])) or lead_id = any(cast(:leads as bigint[]))
                 order by id""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new)).query().listOfRows());
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        // the person's own calls, e-mails and tasks name them in any form ("Oferta dla Łukasza"): their words go
        // whole, that they took place stays
        report.changed("activities", jdbc.sql("""
                update activities
                   set subject = :erased, body = case when body is null then null else :erased end, location = null,
                       updated_at = now(), version = version + 1
                 where (contact_id = any(cast(:contacts as bigint[])) or lead_id = any(cast(:leads as bigint[])))
                   and (subject <> :erased or body <> :erased or location is not null)""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("erased", DataSubject.ERASED).update());
        report.changed("tasks", jdbc.sql("""
                update tasks
                   set title = :erased, description = case when description is null then null else :erased end,
                       updated_at = now(), version = version + 1
                 where (contact_id = any(cast(:contacts as bigint[])) or lead_id = any(cast(:leads as bigint[])))
                   and (title <> :erased or description <> :erased)""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("erased", DataSubject.ERASED).update());
        for (String table : List.of("activities", "tasks", "notifications")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
