package app.klient.sales.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while it is on a deal that is open or changed since the cutoff. */
@Component
class SalesActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                exists (select 1 from deal_contacts dc join deals d on d.id = dc.deal_id
                         where dc.contact_id = %1$s and (d.status = 'OPEN' or d.updated_at >= :cutoff))
                """.formatted(contactId);
    }
}
