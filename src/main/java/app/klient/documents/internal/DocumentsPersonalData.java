package app.klient.documents.internal;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Documents made for the person (letters, contracts as PDF): exported as files, deleted by an erasure. */
@Component
class DocumentsPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    DocumentsPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "documents";
    }

    private static final String PERSONS = "contact_id = any(cast(:c as bigint[])) "
            + "or (record_type = 'CONTACT' and record_id = any(cast(:c as bigint[])))";

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        export.rows(section(), "documents", jdbc.sql("select id, title, record_type, record_id, language, created_at "
                + "from generated_documents where " + PERSONS + " order by id")
                .param("c", subject.contactIds().toArray(Long[]::new)).query().listOfRows());
        jdbc.sql("select id, title, pdf from generated_documents where " + PERSONS + " order by id")
                .param("c", subject.contactIds().toArray(Long[]::new)).query((rs, i) -> {
                    export.file(section(), rs.getLong(1) + "-" + rs.getString(2).replaceAll("[^\\p{L}\\p{N} ._-]", "_")
                            + ".pdf", rs.getBytes(3));
                    return 0;
                }).list();
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.changed("generated_documents", jdbc.sql("delete from generated_documents where " + PERSONS)
                .param("c", subject.contactIds().toArray(Long[]::new)).update());
        report.changed("generated_documents", redaction.scrub(subject, "generated_documents"));
    }
}
