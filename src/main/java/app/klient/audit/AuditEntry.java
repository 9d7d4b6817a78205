package app.klient.audit;

import java.time.Instant;
import java.util.List;

public record AuditEntry(long id, Instant occurredAt, Long actorId, String actorName, AuditAction action,
        String entityType, String entityId, String summary, List<FieldChange> changes, String address) {
}
