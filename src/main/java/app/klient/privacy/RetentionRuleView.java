package app.klient.privacy;

import java.time.Instant;

/**
 * A retention rule: its kind (LEADS_NOT_CONVERTED, CONTACTS_INACTIVE, EMAILS), the months after which a record is
 * due, the action (DELETE only where the kind allows it), whether it is on, and its last run.
 */
public record RetentionRuleView(long id, String kind, int months, RetentionAction action, boolean enabled,
        boolean mayDelete, Instant lastRunAt, Integer lastCount, int version) {
}
