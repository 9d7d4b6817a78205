package app.klient.customers.internal;

import java.util.List;
import java.util.stream.Collectors;

import app.klient.platform.privacy.ActivitySince;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.PeopleRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts nobody has heard of for years: neither the record, nor anything on its timeline, nor anything another
 * module keeps about it ({@link ActivitySince}: a ticket, an activity or task, a deal still open or changed, an order,
 * an invoice, a quote, an e-mail, loyalty points, a survey) is newer than the cutoff. Such a contact is anonymized,
 * never deleted: invoices and deals still point at it.
 */
@Component
class InactiveContacts extends PeopleRetention {

    InactiveContacts(JdbcClient jdbc, List<ActivitySince> modules) {
        super(jdbc, "CONTACTS_INACTIVE", """
                from contacts c
                where c.updated_at < :cutoff and not (c.last_name = :erased and c.first_name is null)
                  and not exists (select 1 from timeline_entries t
                                  where t.contact_id = c.id and t.occurred_at >= :cutoff)
                """ + modules.stream().map(m -> "  and not " + m.activeSince("c.id").strip())
                        .collect(Collectors.joining("\n")),
                "c.id", "concat_ws(' ', c.first_name, c.last_name)", "c.updated_at");
    }

    @Override
    protected void add(DataSubject subject, long id) {
        subject.addContact(id);
    }
}
