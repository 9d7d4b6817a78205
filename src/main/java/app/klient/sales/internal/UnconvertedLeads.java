package app.klient.sales.internal;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.PeopleRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Leads that came in before the cutoff and never became a customer. They are anonymized (the funnel keeps counting
 * them), each as a person of their own, so their e-mails, consents and activities forget them too.
 */
@Component
class UnconvertedLeads extends PeopleRetention {

    UnconvertedLeads(JdbcClient jdbc) {
        super(jdbc, "LEADS_NOT_CONVERTED", """
                from leads where status <> 'CONVERTED' and created_at < :cutoff
                  and not (last_name = :erased and email is null and phone is null)""",
                "id", "concat_ws(' ', first_name, last_name, company_name)", "created_at");
    }

    @Override
    protected void add(DataSubject subject, long id) {
        subject.addLead(id);
    }
}
