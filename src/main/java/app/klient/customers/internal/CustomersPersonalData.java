package app.klient.customers.internal;

import java.util.List;
import java.util.Map;

import app.klient.customers.MarketingConsent;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A person as a contact: the contact record and its timeline. Erasure keeps the contact's row (deals, orders and
 * invoices point at it) but empties everything that identifies the person, and takes the person out of every note,
 * title and custom field of any customer.
 */
@Component
class CustomersPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;
    private final ObjectProvider<MarketingConsent> consent;

    CustomersPersonalData(JdbcClient jdbc, Redaction redaction, ObjectProvider<MarketingConsent> consent) {
        this.jdbc = jdbc;
        this.redaction = redaction;
        this.consent = consent;
    }

    @Override
    public String section() {
        return "customers";
    }

    @Override
    public void identify(DataSubject subject) {
        if (!subject.emails().isEmpty()) {
            jdbc.sql("select id from contacts where emails && cast(:emails as text[])")
                    .param("emails", subject.emails().toArray(String[]::new)).query(Long.class).list()
                    .forEach(subject::addContact);
        }
        if (subject.contactIds().isEmpty()) {
            return;
        }
        // records merged into the person's, and those merged into them before
        jdbc.sql("""
                with recursive merged(id) as (
                    select unnest(merged_ids) from customer_merges
                     where kind = 'CONTACT' and survivor_id = any(cast(:ids as bigint[]))
                    union
                    select unnest(m.merged_ids) from customer_merges m join merged on m.survivor_id = merged.id
                     where m.kind = 'CONTACT')
                select id from merged""").param("ids", subject.contactIds().toArray(Long[]::new)).query(Long.class)
                .list().forEach(subject::addMergedContact);
        jdbc.sql("select first_name, last_name, emails, phones from contacts where id in (:ids)")
                .param("ids", subject.contactIds()).query((rs, i) -> {
                    subject.addName(rs.getString(1), rs.getString(2));
                    subject.addEmails(List.of((String[]) rs.getArray(3).getArray()));
                    subject.addPhones(List.of((String[]) rs.getArray(4).getArray()));
                    return 0;
                }).list();
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        if (subject.contactIds().isEmpty()) {
            return;
        }
        // the marketing consent as the card shows it: the consent history's state now (a merge or an unsubscribe
        // changes that history, not the contact's old column)
        MarketingConsent standing = consent.getIfAvailable();
        String agrees = standing == null ? "c.marketing_consent as agrees_, c.consent_at as since_"
                : standing.agreesSql() + " as agrees_, " + standing.sinceSql() + " as since_";
        export.rows(section(), "contacts", jdbc.sql("""
                select c.*, co.name as company_name, %s
                  from contacts c left join companies co on co.id = c.company_id
                 where c.id in (:ids) order by c.id""".formatted(agrees)).param("ids", subject.contactIds())
                .query().listOfRows().stream().map(CustomersPersonalData::asShown).toList());
        export.rows(section(), "timeline", jdbc.sql("""
                select id, contact_id, occurred_at, kind, title, body, title_code, body_code, source_module, source_id
                  from timeline_entries where contact_id in (:ids) order by occurred_at, id""")
                .param("ids", subject.contactIds()).query().listOfRows());
    }

    private static Map<String, Object> asShown(Map<String, Object> row) {
        row.remove("search_text");
        row.put("marketing_consent", row.remove("agrees_"));
        row.put("consent_at", row.remove("since_"));
        return row;
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        if (!subject.contactIds().isEmpty()) {
            // what the person's own entries say is about the person, names or not, in whatever form they are
            // written ("Oferta dla Łukasza"): also where the company's card shows them
            report.changed("timeline_entries", jdbc.sql("""
                    update timeline_entries
                       set title = case when title is null then null else :erased end,
                           body = case when body is null then null else :erased end, updated_at = now()
                     where contact_id in (:ids)
                       and (title is distinct from :erased and title is not null
                            or body is distinct from :erased and body is not null)""")
                    .param("ids", subject.contactIds()).param("erased", DataSubject.ERASED).update());
            report.changed("contacts", jdbc.sql("""
                    update contacts
                       set first_name = null, last_name = :erased, title_before = null, title_after = null,
                           emails = '{}', phones = '{}', job_title = null, birthday = null, street = null, city = null,
                           postal_code = null, region = null, source_detail = null, tags = '{}',
                           marketing_consent = false, consent_at = null, consent_method = null, consent_note = null,
                           custom_fields = '{}', search_text = '', utm_source = null, utm_medium = null,
                           utm_campaign = null, utm_term = null, updated_at = now(), version = version + 1
                     where id in (:ids)""")
                    .param("ids", subject.contactIds()).param("erased", DataSubject.ERASED).update());
        }
        report.changed("timeline_entries", redaction.scrub(subject, "timeline_entries"));
        report.changed("companies", redaction.scrub(subject, "companies"));
        report.changed("contacts", redaction.scrub(subject, "contacts"));
        report.changed("saved_views", redaction.scrub(subject, "saved_views"));
    }
}
