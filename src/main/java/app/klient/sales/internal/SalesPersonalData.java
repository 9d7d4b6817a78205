package app.klient.sales.internal;

import java.util.List;

import app.klient.platform.SearchText;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A person as a lead (by id, by e-mail address, or converted into one of the person's contacts) and on deals.
 * Erasure keeps a lead's row, status and dates for the funnel's figures and empties who it was.
 */
@Component
class SalesPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    SalesPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "sales";
    }

    @Override
    public void identify(DataSubject subject) {
        jdbc.sql("""
                select id, first_name, last_name, email, phone, contact_id from leads
                 where id = any(cast(:leads as bigint[])) or contact_id = any(cast(:contacts as bigint[]))
                    or lower(email) = any(cast(:emails as text[]))""")
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new))
                .query((rs, i) -> {
                    subject.addLead(rs.getLong(1));
                    subject.addName(rs.getString(2), rs.getString(3));
                    subject.addEmail(rs.getString(4));
                    subject.addPhone(rs.getString(5));
                    subject.addContact((Long) rs.getObject(6));
                    return 0;
                }).list();
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        if (!subject.leadIds().isEmpty()) {
            export.rows(section(), "leads", jdbc.sql("""
                    select id, first_name, last_name, email, phone, company_name, company_tax_id, job_title, message,
                           source, utm_source, utm_medium, utm_campaign, utm_term, utm_content, status,
                           disqualified_reason, contact_id, company_id, deal_id, converted_at, country, website, street,
                           city, postal_code, language, created_at, updated_at
                      from leads where id in (:ids) order by id""")
                    .param("ids", subject.leadIds()).query().listOfRows());
            export.rows(section(), "lead_events", jdbc.sql(
                    "select lead_id, kind, occurred_at from lead_events where lead_id in (:ids) order by id")
                    .param("ids", subject.leadIds()).query().listOfRows());
        }
        if (!subject.contactIds().isEmpty()) {
            export.rows(section(), "deals", jdbc.sql("""
                    select d.id, d.name, d.amount, d.currency, d.status, d.expected_close_date, d.closed_at,
                           d.created_at, dc.contact_id, dc.role
                      from deal_contacts dc join deals d on d.id = dc.deal_id
                     where dc.contact_id in (:ids) order by d.id""")
                    .param("ids", subject.contactIds()).query().listOfRows());
        }
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        if (!subject.leadIds().isEmpty()) {
            report.changed("leads", jdbc.sql("""
                    update leads
                       set first_name = null, last_name = :erased, email = null, phone = null, job_title = null,
                           message = null, website = null, street = null, city = null, postal_code = null,
                           updated_at = now(), version = version + 1
                     where id in (:ids)""")
                    .param("ids", subject.leadIds()).param("erased", DataSubject.ERASED).update());
            // quick search still finds the lead by what is left of it: its company and campaign
            jdbc.sql("select id, company_name, company_tax_id, utm_campaign from leads where id in (:ids)")
                    .param("ids", subject.leadIds())
                    .query((rs, n) -> jdbc.sql("update leads set search_text = :text where id = :id")
                            .param("text", SearchText.of(DataSubject.ERASED, rs.getString("company_name"),
                                    rs.getString("company_tax_id"), rs.getString("utm_campaign")))
                            .param("id", rs.getLong("id")).update())
                    .list();
        }
        for (String table : List.of("leads", "deals", "deal_lines", "web_forms")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
