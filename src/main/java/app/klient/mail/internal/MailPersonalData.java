package app.klient.mail.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import app.klient.platform.privacy.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * E-mails with the person, received and sent, with their attachments, and what waits in the outbox for them.
 * Erasure empties the bodies of the person's e-mails and drops their attachments; an e-mail's date, direction and
 * thread stay for the figures. Also the retention target for old e-mails.
 */
@Component
class MailPersonalData implements PersonalData, RetentionTarget {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    MailPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "mail";
    }

    /** The person's e-mails: theirs by contact, from one of their addresses, or to one (an OR the indexes serve). */
    private JdbcClient.StatementSpec personsEmails(String select, DataSubject subject, String order) {
        StringBuilder where = new StringBuilder("contact_id = any(cast(:contacts as bigint[])) "
                + "or lower(from_address) = any(cast(:emails as text[]))");
        Map<String, Object> params = new HashMap<>();
        int i = 0;
        for (String address : subject.emails()) {
            where.append(" or lower(to_addresses) like :to").append(i);
            params.put("to" + i++, "%" + address.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%");
        }
        return jdbc.sql(select + " from emails where " + where + order).params(params)
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new));
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        List<Map<String, Object>> emails = personsEmails("select id, direction, at, from_address, to_addresses, "
                + "subject, body, status, contact_id", subject, " order by at, id").query().listOfRows();
        export.rows(section(), "emails", emails);
        List<Long> ids = emails.stream().map(e -> ((Number) e.get("id")).longValue()).toList();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, email_id, filename, data from email_attachments where email_id in (:ids) order by id")
                    .param("ids", ids).query((rs, i) -> {
                        export.file(section(), "email-" + rs.getLong(2) + "-" + rs.getLong(1) + "-"
                                + rs.getString(3), rs.getBytes(4));
                        return 0;
                    }).list();
        }
        export.rows(section(), "outbox", jdbc.sql("""
                select id, to_addresses, subject, body, status, created_at, sent_at from outgoing_mail
                 where to_addresses && cast(:emails as text[]) order by id""")
                .param("emails", subject.emails().toArray(String[]::new)).query().listOfRows());
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        List<Long> ids = personsEmails("select id", subject, "").query(Long.class).list();
        anonymize(ids, report);
        report.changed("outgoing_mail_files", jdbc.sql("""
                delete from outgoing_mail_files where mail_id in
                       (select id from outgoing_mail where to_addresses && cast(:emails as text[]))""")
                .param("emails", subject.emails().toArray(String[]::new)).update());
        report.changed("outgoing_mail", jdbc.sql("""
                update outgoing_mail set subject = :erased, body = :erased, html = null
                 where to_addresses && cast(:emails as text[])""")
                .param("emails", subject.emails().toArray(String[]::new)).param("erased", DataSubject.ERASED)
                .update());
        for (String table : List.of("emails", "email_attachments", "outgoing_mail", "outgoing_mail_files")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }

    private int anonymize(List<Long> ids, ErasureReport report) {
        if (ids.isEmpty()) {
            return 0;
        }
        report.changed("email_attachments", jdbc.sql("delete from email_attachments where email_id in (:ids)")
                .param("ids", ids).update());
        int changed = jdbc.sql("update emails set body = :erased, subject = :erased where id in (:ids)")
                .param("ids", ids).param("erased", DataSubject.ERASED).update();
        report.changed("emails", changed);
        return changed;
    }

    @Override
    public String kind() {
        return "EMAILS";
    }

    @Override
    public boolean deletes() {
        return true;
    }

    @Override
    public Preview preview(Instant cutoff, int limit) {
        long count = jdbc.sql("select count(*) from emails where at < :cutoff and subject <> :erased")
                .param("cutoff", java.sql.Timestamp.from(cutoff)).param("erased", DataSubject.ERASED)
                .query(Long.class).single();
        List<Item> first = jdbc.sql("""
                select id, subject, at from emails where at < :cutoff and subject <> :erased order by at, id
                 limit :limit""")
                .param("cutoff", java.sql.Timestamp.from(cutoff)).param("erased", DataSubject.ERASED)
                .param("limit", limit)
                .query((rs, i) -> new Item(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
        return new Preview(count, first);
    }

    @Override
    public List<Long> due(Instant cutoff, int limit) {
        return jdbc.sql("""
                select id from emails where at < :cutoff and subject <> :erased order by at, id limit :limit""")
                .param("cutoff", java.sql.Timestamp.from(cutoff)).param("erased", DataSubject.ERASED)
                .param("limit", limit).query(Long.class).list();
    }

    @Override
    public int apply(List<Long> ids, boolean delete, Consumer<DataSubject> erasePerson) {
        if (ids.isEmpty()) {
            return 0;
        }
        if (!delete) {
            ErasureReport report = new ErasureReport();
            int changed = anonymize(ids, report);
            jdbc.sql("update emails set from_address = :erased, to_addresses = :erased where id in (:ids)")
                    .param("ids", ids).param("erased", DataSubject.ERASED).update();
            return changed;
        }
        // replies point at what they answer; ticket messages and activities let go of a deleted e-mail themselves
        jdbc.sql("update emails set thread_id = null where thread_id in (:ids)").param("ids", ids).update();
        return jdbc.sql("delete from emails where id in (:ids)").param("ids", ids).update();
    }
}
