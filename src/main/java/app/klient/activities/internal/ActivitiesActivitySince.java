package app.klient.activities.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/**
 * A contact is active while an activity (as its contact or a participant) or a task about it is newer than the cutoff,
 * or the task is still to do.
 */
@Component
class ActivitiesActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                (exists (select 1 from activities a where a.contact_id = %1$s
                         and (a.occurred_at >= :cutoff or a.updated_at >= :cutoff))
                 or exists (select 1 from activity_participants p join activities a on a.id = p.activity_id
                            where p.contact_id = %1$s and (a.occurred_at >= :cutoff or a.updated_at >= :cutoff))
                 or exists (select 1 from tasks k where k.contact_id = %1$s
                            and (not k.done or k.updated_at >= :cutoff or k.due_at >= :cutoff)))
                """.formatted(contactId);
    }
}
