package app.klient.surveys.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while it was invited to a survey or answered one since the cutoff. */
@Component
class SurveysActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                (exists (select 1 from survey_invitations i where i.contact_id = %1$s and i.sent_at >= :cutoff)
                 or exists (select 1 from survey_responses r where r.contact_id = %1$s and r.answered_at >= :cutoff))
                """.formatted(contactId);
    }
}
