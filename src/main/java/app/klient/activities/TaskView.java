package app.klient.activities;

import java.time.Instant;

public record TaskView(long id, String title, String description, Instant dueAt, Priority priority, long assigneeId,
        String assigneeName, Long contactId, Long companyId, Long dealId, Long leadId, Long ticketId,
        Integer reminderMinutesBefore, Instant remindAt, Instant remindedAt, boolean done, Instant doneAt,
        boolean overdue, Instant createdAt, int version) {
}
