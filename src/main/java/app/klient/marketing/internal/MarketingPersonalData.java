package app.klient.marketing.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Consents with their proof, campaigns and journeys sent to the person, what they opened and clicked, the pages they
 * visited, their segments and coupons. Erasure keeps the consent history as states (without the address and the IP
 * it was given from), forgets visits and segment memberships, and takes the address off every send.
 */
@Component
class MarketingPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    MarketingPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "marketing";
    }

    private static final String BY_CONTACT = "contact_id = any(cast(:contacts as bigint[]))";
    private static final String BY_PERSON = "(contact_id = any(cast(:contacts as bigint[])) "
            + "or lead_id = any(cast(:leads as bigint[])) or lower(address) = any(cast(:emails as text[])))";

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        rows(subject, export, "consents", "select c.*, p.key as purpose from consents c "
                + "join consent_purposes p on p.id = c.purpose_id where " + BY_PERSON.replace("(contact_id", "(c.contact_id")
                + " order by c.at, c.id");
        rows(subject, export, "consent_confirmations", "select * from consent_confirmations where " + BY_PERSON
                + " order by id");
        rows(subject, export, "campaigns_received", "select r.*, c.name as campaign from campaign_recipients r "
                + "join campaigns c on c.id = r.campaign_id where r." + BY_CONTACT + " order by r.at");
        rows(subject, export, "journeys_received", "select id, journey_id, occasion, state, address, subject, at "
                + "from journey_sends where " + BY_CONTACT + " order by at");
        rows(subject, export, "opens_and_clicks", "select * from marketing_events where " + BY_CONTACT
                + " order by at");
        rows(subject, export, "web_visits", "select * from web_visits where " + BY_CONTACT + " order by at");
        rows(subject, export, "segments", "select s.name, m.added_at from segment_members m "
                + "join segments s on s.id = m.segment_id where m." + BY_CONTACT + " order by m.added_at");
        rows(subject, export, "coupons", "select code, percent, amount, currency, valid_until, created_at "
                + "from coupons where " + BY_CONTACT + " order by id");
        rows(subject, export, "suppressions", "select * from suppressions where lower(address) = any(cast(:emails "
                + "as text[]))");
    }

    private void rows(DataSubject subject, PersonalDataExport export, String name, String sql) {
        export.rows(section(), name, jdbc.sql(sql)
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new)).query().listOfRows());
    }

    private int update(DataSubject subject, String sql) {
        return jdbc.sql(sql)
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new))
                .param("emails", subject.emails().toArray(String[]::new))
                .param("erased", DataSubject.ERASED).update();
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.changed("consents", update(subject, "update consents set address = :erased, ip_address = null, "
                + "source_detail = null where " + BY_PERSON));
        report.changed("consent_confirmations", update(subject, "update consent_confirmations set address = :erased, "
                + "ip_address = null where " + BY_PERSON));
        report.changed("campaign_recipients", update(subject, "update campaign_recipients set address = :erased "
                + "where " + BY_CONTACT));
        report.changed("journey_sends", update(subject, "update journey_sends set address = :erased, "
                + "subject = :erased, proof = null where " + BY_CONTACT));
        report.changed("web_visits", update(subject, "delete from web_visits where " + BY_CONTACT));
        report.changed("segment_members", update(subject, "delete from segment_members where " + BY_CONTACT));
        report.changed("marketing_events", update(subject, "update marketing_events set detail = null where "
                + BY_CONTACT));
        report.changed("suppressions", update(subject,
                "delete from suppressions where lower(address) = any(cast(:emails as text[]))"));
        report.changed("soft_bounces", update(subject,
                "delete from soft_bounces where lower(address) = any(cast(:emails as text[]))"));
        for (String table : List.of("consents", "consent_confirmations", "campaign_recipients", "journey_sends",
                "marketing_events", "web_visits", "suppressions", "segments", "campaigns", "campaign_contents")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
