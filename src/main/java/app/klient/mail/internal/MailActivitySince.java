package app.klient.mail.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while an e-mail to or from it is newer than the cutoff. */
@Component
class MailActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                exists (select 1 from emails e where e.contact_id = %1$s and e.at >= :cutoff)
                """.formatted(contactId);
    }
}
