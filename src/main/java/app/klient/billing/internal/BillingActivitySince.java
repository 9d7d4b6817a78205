package app.klient.billing.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while it has a quote, an order or an invoice made or changed since the cutoff. */
@Component
class BillingActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                (exists (select 1 from quotes q where q.contact_id = %1$s
                         and (q.created_at >= :cutoff or q.updated_at >= :cutoff))
                 or exists (select 1 from orders o where o.contact_id = %1$s
                            and (o.created_at >= :cutoff or o.updated_at >= :cutoff))
                 or exists (select 1 from invoices i where i.contact_id = %1$s
                            and (i.created_at >= :cutoff or i.issue_date >= cast(:cutoff as date))))
                """.formatted(contactId);
    }
}
