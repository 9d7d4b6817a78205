package app.klient.customers.internal;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.PeopleRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts nobody has heard of for years: neither the record nor anything on its timeline (where the other modules
 * write calls, e-mails, orders and tickets) is newer than the cutoff. Such a contact is anonymized, never deleted:
 * invoices and deals still point at it.
 */
@Component
class InactiveContacts extends PeopleRetention {

    InactiveContacts(JdbcClient jdbc) {
        super(jdbc, "CONTACTS_INACTIVE", """
                from contacts c
                where c.updated_at < :cutoff and not (c.last_name = :erased and c.first_name is null)
                  and not exists (select 1 from timeline_entries t
                                  where t.contact_id = c.id and t.occurred_at >= :cutoff)""",
                "c.id", "concat_ws(' ', c.first_name, c.last_name)", "c.updated_at");
    }

    @Override
    protected void add(DataSubject subject, long id) {
        subject.addContact(id);
    }
}
