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

    /** The person with the company in brackets ("Connie Yundt (Zemlak s.r.o.)"), else the company, else the e-mail. */
    static final String LABEL = """
            coalesce(nullif(concat_ws(' ', first_name, last_name), '')
                     || coalesce(' (' || nullif(company_name, '') || ')', ''), company_name, email)""";

    UnconvertedLeads(JdbcClient jdbc) {
        super(jdbc, "LEADS_NOT_CONVERTED", """
                from leads where status <> 'CONVERTED' and created_at < :cutoff
                  and not (last_name = :erased and email is null and phone is null)""",
                "id", LABEL, "created_at");
    }

    @Override
    protected void add(DataSubject subject, long id) {
        subject.addLead(id);
    }
}
