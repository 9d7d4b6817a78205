package app.klient.service.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's support tickets with their messages and attachments. Erasure keeps a ticket's times and targets (the
 * SLA figures) and drops what the person wrote and sent.
 */
@Component
class ServicePersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    ServicePersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "service";
    }

    private List<Long> tickets(DataSubject subject) {
        return jdbc.sql("""
                select id from tickets where contact_id = any(cast(:contacts as bigint[]))
                    or lower(requester_email) = any(cast(:emails as text[]))""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new)).query(Long.class).list();
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        List<Long> tickets = tickets(subject);
        if (tickets.isEmpty()) {
            return;
        }
        export.rows(section(), "tickets", jdbc.sql("""
                select id, number, subject, description, channel, category, priority, status, requester_email,
                       created_at, resolved_at, closed_at, csat, ces, survey_comment
                  from tickets where id in (:ids) order by id""").param("ids", tickets).query().listOfRows());
        export.rows(section(), "ticket_messages", jdbc.sql("""
                select id, ticket_id, kind, body, created_at from ticket_messages
                 where ticket_id in (:ids) and kind <> 'INTERNAL' order by id""")
                .param("ids", tickets).query().listOfRows());
        jdbc.sql("select id, ticket_id, filename, data from ticket_attachments where ticket_id in (:ids) order by id")
                .param("ids", tickets).query((rs, i) -> {
                    export.file(section(), "ticket-" + rs.getLong(2) + "-" + rs.getLong(1) + "-" + rs.getString(3),
                            rs.getBytes(4));
                    return 0;
                }).list();
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        List<Long> tickets = tickets(subject);
        if (!tickets.isEmpty()) {
            report.changed("ticket_attachments", jdbc.sql("delete from ticket_attachments where ticket_id in (:ids)")
                    .param("ids", tickets).update());
            report.changed("ticket_messages", jdbc.sql("""
                    update ticket_messages set body = :erased where ticket_id in (:ids) and body <> :erased""")
                    .param("ids", tickets).param("erased", DataSubject.ERASED).update());
            report.changed("tickets", jdbc.sql("""
                    update tickets set description = :erased, requester_email = null, survey_comment = null,
                           version = version + 1
                     where id in (:ids)""").param("ids", tickets).param("erased", DataSubject.ERASED).update());
        }
        for (String table : List.of("tickets", "ticket_messages", "ticket_attachments", "canned_responses")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
