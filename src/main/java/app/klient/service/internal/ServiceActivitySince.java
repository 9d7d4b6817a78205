package app.klient.service.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while it has a ticket raised or changed since the cutoff. */
@Component
class ServiceActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                exists (select 1 from tickets t where t.contact_id = %1$s
                        and (t.created_at >= :cutoff or t.updated_at >= :cutoff))
                """.formatted(contactId);
    }
}
