package app.klient.billing.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Quotes, orders and invoices made out to the person. Issued invoices (with their lines, files and payments) are
 * what the law makes the company keep (accounting and VAT records, years after the sale): erasure leaves them as
 * issued and reports them as kept; quotes and orders lose the person's name from their free text.
 */
@Component
class BillingPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    BillingPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "billing";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        Long[] contacts = subject.contactIds().toArray(Long[]::new);
        export.rows(section(), "quotes", jdbc.sql("""
                select id, revision, status, currency, net_total, gross_total, valid_until, terms, created_at
                  from quotes where contact_id = any(cast(:c as bigint[])) order by id""")
                .param("c", contacts).query().listOfRows());
        export.rows(section(), "orders", jdbc.sql("""
                select id, number, status, currency, net_total, gross_total, ordered_at, fulfilled_at
                  from orders where contact_id = any(cast(:c as bigint[])) order by id""")
                .param("c", contacts).query().listOfRows());
        export.rows(section(), "invoices", jdbc.sql("""
                select id, number, kind, issue_date, sale_date, due_date, currency, net_total, tax_total,
                       gross_total, paid_total, buyer_name, buyer_address, buyer_tax_id
                  from invoices where contact_id = any(cast(:c as bigint[])) order by id""")
                .param("c", contacts).query().listOfRows());
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.kept("invoices", jdbc.sql("select count(*) from invoices where contact_id = any(cast(:c as bigint[]))")
                .param("c", subject.contactIds().toArray(Long[]::new)).query(Integer.class).single());
        for (String table : List.of("quotes", "quote_lines", "orders", "order_lines")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
